package freshbooks_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// randomBytes generates n pseudo-random bytes without holding them, and
// counts how many it has produced.
type randomBytes struct {
	n, produced int64
	state       uint64
	hash        interface {
		io.Writer
		Sum([]byte) []byte
	}
	head []byte // written first
}

func newRandomBytes(n int64, head []byte) *randomBytes {
	return &randomBytes{n: n, state: 0x9e3779b97f4a7c15, hash: sha256.New(), head: head}
}

func (g *randomBytes) Read(p []byte) (int, error) {
	done := atomic.LoadInt64(&g.produced)
	left := g.n - done
	if left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	for i := 0; i < len(p); i += 8 {
		g.state ^= g.state << 13
		g.state ^= g.state >> 7
		g.state ^= g.state << 17
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], g.state)
		copy(p[i:], w[:])
	}
	if done < int64(len(g.head)) {
		copy(p, g.head[done:])
	}
	g.hash.Write(p)
	atomic.AddInt64(&g.produced, int64(len(p)))
	return len(p), nil
}

// uploadSpy records, when the upload request is handed to the
// transport, how much of the file had been read, and what the request
// looked like.
type uploadSpy struct {
	gen           *randomBytes
	readAtSend    int64
	contentLength int64
	contentType   string
}

func (s *uploadSpy) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/uploads/") {
		s.readAtSend = atomic.LoadInt64(&s.gen.produced)
		s.contentLength = r.ContentLength
		s.contentType = r.Header.Get("Content-Type")
	}
	return http.DefaultTransport.RoundTrip(r)
}

var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func TestAttachmentUploadStreamsAndDownloads(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{Now: time.Now})
	srv := env.srv
	const size = 4 << 20
	gen := newRandomBytes(size, pngHeader)
	spy := &uploadSpy{gen: gen}
	cfg := srv.Config()
	cfg.HTTPClient = &http.Client{Transport: spy}
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(srv.IssueToken(0))
	a := c.Account(env.acct.ID)

	up, err := a.Attachments.Upload(t.Context(), "dir/receipt.png", gen)
	if err != nil {
		t.Fatal(err)
	}
	// Streamed: when the request went out, at most a small part of the
	// 4 MiB had been read; the length was unknown (chunked).
	if spy.readAtSend > 256<<10 {
		t.Errorf("%d bytes read before the request was sent: the file was buffered", spy.readAtSend)
	}
	if spy.contentLength != -1 && spy.contentLength != 0 {
		t.Errorf("ContentLength = %d, want unknown", spy.contentLength)
	}
	if !strings.HasPrefix(spy.contentType, "multipart/form-data; boundary=") {
		t.Errorf("Content-Type = %q", spy.contentType)
	}
	if gen.produced != size {
		t.Errorf("read %d bytes, want %d", gen.produced, size)
	}
	if up.JWT == "" || up.PublicID != up.JWT || !strings.HasPrefix(up.Filename, "upload-") || up.MediaType != "image/png" ||
		up.UUID == "" || up.Link != "" {
		t.Fatalf("upload = %+v", up)
	}

	f, err := a.Attachments.Download(t.Context(), up.JWT)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.MediaType != "image/png" || f.Size != size {
		t.Errorf("file: %q, %d bytes", f.MediaType, f.Size)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil || n != size {
		t.Fatalf("downloaded %d bytes: %v", n, err)
	}
	if !bytes.Equal(h.Sum(nil), gen.hash.Sum(nil)) {
		t.Error("downloaded bytes differ from the uploaded ones")
	}
	// An attachment is not an image.
	if _, err := a.Images.Download(t.Context(), up.JWT); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("attachment as image: %v", err)
	}
}

func TestImageUploadLinkAndDownload(t *testing.T) {
	a := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	content := "GIF89a" + strings.Repeat("x", 100)
	img, err := a.Images.Upload(t.Context(), "logo.gif", strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	if img.MediaType != "image/gif" || !strings.HasSuffix(img.Link, "/uploads/images/"+img.JWT) {
		t.Fatalf("image = %+v", img)
	}
	// The link (a sibling of the image on the wire) serves the image.
	resp, err := http.Get(img.Link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != content || resp.Header.Get("Content-Type") != "image/gif" {
		t.Errorf("link: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	f, err := a.Images.Download(t.Context(), img.JWT)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	if err != nil || string(got) != content {
		t.Errorf("download = %q, %v", got, err)
	}
	if err := f.Close(); err != nil {
		t.Error(err)
	}
}

func TestUploadErrors(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{Now: time.Now})
	srv, a := env.srv, env.acct

	// An unknown file: 404 {"error": "File not found"}.
	_, err := a.Attachments.Download(t.Context(), "eyJhbGciOiJIUzI1NiJ9.e30.bm9wZQ")
	var ae *freshbooks.APIError
	if !errors.Is(err, freshbooks.ErrNotFound) || !errors.As(err, &ae) || ae.Message != "File not found" {
		t.Errorf("unknown jwt: %v", err)
	}

	// Over the sandbox's 10 MiB limit (inferred): 413.
	_, err = a.Attachments.Upload(t.Context(), "big.bin", newRandomBytes(10<<20+1, nil))
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("too large: %v", err)
	}

	// Without a token: nothing is read and nothing sent.
	anon, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	gen := newRandomBytes(100, nil)
	if _, err := anon.Account(a.ID).Images.Upload(t.Context(), "x", gen); !errors.Is(err, freshbooks.ErrNoAccessToken) {
		t.Errorf("no token: %v", err)
	}
	if gen.produced != 0 {
		t.Errorf("%d bytes read without a token", gen.produced)
	}
	if _, err := a.Images.Upload(t.Context(), "x", nil); err == nil {
		t.Error("nil reader accepted")
	}
	if _, err := a.Images.Download(t.Context(), ""); err == nil {
		t.Error("empty jwt accepted")
	}
}

// failingReader fails after some bytes.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("disk on fire")
	}
	k := min(len(p), f.n)
	f.n -= k
	return k, nil
}

func TestUploadReaderErrorIsReported(t *testing.T) {
	a := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	_, err := a.Attachments.Upload(t.Context(), "x.txt", &failingReader{n: 1000})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("err = %v", err)
	}
}

func TestUploadFixtures(t *testing.T) {
	c, last := replay(t, 201, freshbooks.ReadFixture(t, "upload_image_response.json"))
	img, err := c.Account("ACM123").Images.Upload(t.Context(), "logo.png", strings.NewReader("png"))
	if err != nil {
		t.Fatal(err)
	}
	if img.JWT != "some_jwt" || img.PublicID != "some_jwt" || img.Filename != "upload-12345" || img.MediaType != "image/jpeg" ||
		img.UUID != "abc-123-aaa" || img.Link != "https://my.freshbooks.com/service/uploads/images/some_jwt" {
		t.Errorf("image = %+v", img)
	}
	if last.URL.Path != "/uploads/account/ACM123/images" || !strings.HasPrefix(last.Header.Get("Content-Type"), "multipart/form-data") {
		t.Errorf("request %s %s", last.URL.Path, last.Header.Get("Content-Type"))
	}

	c, last = replay(t, 201, freshbooks.ReadFixture(t, "upload_attachment_response.json"))
	att, err := c.Account("ACM123").Attachments.Upload(t.Context(), "r.jpg", strings.NewReader("jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if att.JWT != "some_jwt" || att.MediaType != "image/jpeg" || att.Link != "" {
		t.Errorf("attachment = %+v", att)
	}
	if last.URL.Path != "/uploads/account/ACM123/attachments" {
		t.Errorf("path %s", last.URL.Path)
	}

	c, last = replay(t, 404, []byte(`{"error": "File not found"}`))
	_, err = c.Account("ACM123").Images.Download(t.Context(), "some_jwt")
	var ae *freshbooks.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Message != "File not found" || last.URL.Path != "/uploads/images/some_jwt" {
		t.Errorf("download error: %v (%s)", err, last.URL.Path)
	}
}
