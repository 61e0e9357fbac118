package engine

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
)

// SignToken makes a JWT-looking token (HS256 over the sandbox's key)
// carrying claims, as FreshBooks' upload and report download tokens are.
func (sc *Scope) SignToken(claims map[string]any) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload, _ := json.Marshal(claims)
	msg := header + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, sc.tokenKey())
	mac.Write([]byte(msg))
	return msg + "." + enc.EncodeToString(mac.Sum(nil))
}

// ReadToken checks a token made by SignToken and returns its claims.
func (sc *Scope) ReadToken(tok string) (map[string]any, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, false
	}
	mac := hmac.New(sha256.New, sc.tokenKey())
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		return nil, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, false
	}
	claims := DecodeRecord(payload)
	return claims, claims != nil
}

// tokenKey is the engine's secret key. Data written before the key was
// kept has tokens signed with a key derived from the seed, which anyone
// knowing the seed can forge; those sandboxes keep it so that their
// tokens stay valid.
func (sc *Scope) tokenKey() []byte {
	if sc.eng.tokenKey != nil {
		return sc.eng.tokenKey
	}
	k := sha256.Sum256([]byte("freshbookstest tokens " + strconv.FormatUint(sc.eng.Seed, 10)))
	return k[:]
}
