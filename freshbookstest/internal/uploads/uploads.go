package uploads

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Behaviours are uploads and their downloads (freshbooks-api.md
// §4.6).
func Behaviours() map[string]engine.Behaviour {
	serve := func(o engine.Op, h engine.Handler) engine.Behaviour {
		return engine.Behaviour{Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{o: h}}}
	}
	return map[string]engine.Behaviour{
		"images":           serve(engine.OpCreate, accountUpload("images")),
		"attachments":      serve(engine.OpCreate, accountUpload("attachments")),
		"app_images":       serve(engine.OpCreate, appUpload),
		"image_files":      serve(engine.OpGet, download("images")),
		"attachment_files": serve(engine.OpGet, download("attachments")),
	}
}

// maxUpload is the largest file the sandbox takes (FreshBooks' limit is
// not documented; 10 MiB is inferred).
const maxUpload = 10 << 20

// accountUpload serves POST /uploads/account/{account}/<kind>.
func accountUpload(kind string) engine.Handler {
	return func(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
		return upload(w, r, sc, kind, sc.Business.AccountID)
	}
}

// appUpload serves POST /uploads/images: an image without an account,
// such as an application's logo.
func appUpload(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	if !slices.Contains(engine.CallerOf(r).Scopes, "user:uploads:write") {
		engine.WriteError(w, r, http.StatusForbidden, 1003, "Insufficient scopes: required [user:uploads:write].")
		return nil
	}
	return upload(w, r, sc.At("app"), "images", "")
}

// upload stores the multipart part "content" and answers its token.
func upload(w http.ResponseWriter, r *http.Request, sc *engine.Scope, kind, account string) *engine.Error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20) // the file plus the form's own bytes
	mr, err := r.MultipartReader()
	if err != nil {
		return &engine.Error{Status: http.StatusBadRequest, Message: "The request must be multipart/form-data with the file in the 'content' field."}
	}
	var data []byte
	var original string
	found := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return uploadReadError(err)
		}
		if part.FormName() != "content" || found {
			_, _ = io.Copy(io.Discard, part)
			continue
		}
		found = true
		original = part.FileName()
		data, err = io.ReadAll(io.LimitReader(part, maxUpload+1))
		if err != nil {
			return uploadReadError(err)
		}
		if len(data) > maxUpload {
			return &engine.Error{Status: http.StatusRequestEntityTooLarge, Message: "File too large: the limit is 10 MiB."}
		}
	}
	if !found {
		return &engine.Error{Status: http.StatusBadRequest, Message: "No file was sent in the 'content' field."}
	}
	media := http.DetectContentType(data)
	if mt, _, err := mime.ParseMediaType(media); err == nil && strings.HasPrefix(mt, "text/") {
		media = mt // keep "text/plain", without the charset guess
	}
	sum := sha1.Sum(append([]byte(kind+account+original), data...))
	filename := "upload-" + hex.EncodeToString(sum[:])
	sc.Lock()
	t := sc.Table("uploads")
	rec := engine.Record{"kind": kind, "filename": filename, "original_filename": original, "media_type": media,
		"length": json.Number(strconv.Itoa(len(data))), "_content": base64.StdEncoding.EncodeToString(data)}
	id := t.Insert(rec)
	jwt := sc.SignToken(map[string]any{"account": account, "bucket": "uploads", "filename": filename, "key": id,
		"kind": kind, "length": len(data), "original_filename": original})
	rec["id"], rec["jwt"] = json.Number(strconv.FormatInt(id, 10)), jwt
	rec["uuid"] = engine.StableUUID(jwt)
	err = sc.Save("uploads", id, rec)
	if err != nil {
		t.Remove(id)
	}
	sc.Unlock()
	if err != nil {
		return engine.StorageError(err)
	}
	obj := map[string]any{"jwt": jwt, "public_id": jwt, "filename": filename, "media_type": media, "uuid": rec["uuid"]}
	if kind == "attachments" {
		engine.WriteJSON(w, r, http.StatusCreated, map[string]any{"attachment": obj})
		return nil
	}
	// FreshBooks links to my.freshbooks.com; the sandbox links to itself
	// so that the link works (inferred).
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	engine.WriteJSON(w, r, http.StatusCreated, map[string]any{"image": obj, "link": scheme + "://" + r.Host + "/uploads/images/" + jwt})
	return nil
}

func uploadReadError(err error) *engine.Error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &engine.Error{Status: http.StatusRequestEntityTooLarge, Message: "File too large: the limit is 10 MiB."}
	}
	return &engine.Error{Status: http.StatusBadRequest, Message: "The upload could not be read."}
}

// download serves an upload's bytes by token. It needs no access token:
// the token is the capability (inferred: the Python SDK sends none).
func download(kind string) engine.Handler {
	return func(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
		notFound := func() *engine.Error { engine.WriteError(w, r, http.StatusNotFound, 0, "File not found"); return nil }
		claims, ok := sc.ReadToken(r.PathValue("jwt"))
		if !ok || engine.Record(claims).Str("kind") != kind {
			return notFound()
		}
		scope := "app"
		if a := engine.Record(claims).Str("account"); a != "" {
			scope = "acct:" + a
		}
		sc.Lock()
		rec := sc.At(scope).Table("uploads").ByID[engine.Record(claims).Int("key")]
		var media, content string
		if rec != nil {
			media, content = rec.Str("media_type"), rec.Str("_content")
		}
		sc.Unlock()
		data, err := base64.StdEncoding.DecodeString(content)
		if rec == nil || err != nil {
			return notFound()
		}
		w.Header().Set("Content-Type", media)
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(data)
		return nil
	}
}
