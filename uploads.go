package freshbooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Upload is a file stored by FreshBooks: an image (logo, banner, receipt
// image) or an attachment (expense receipt, invoice attachment). Refer to
// it by its JWT: an invoice's presentation takes "/uploads/images/<jwt>"
// as image_logo_src; an expense's attachment takes the JWT and MediaType.
type Upload struct {
	JWT       string `json:"jwt,omitempty"`
	PublicID  string `json:"public_id,omitempty"` // the same token as JWT
	Filename  string `json:"filename,omitempty"`  // FreshBooks' name for the stored file, "upload-…"
	MediaType string `json:"media_type,omitempty"`
	UUID      string `json:"uuid,omitempty"`
	// Link is, for an image, the URL FreshBooks answers next to the image
	// (a sibling of the "image" object on the wire, copied here as the
	// Python SDK does); empty for attachments.
	Link string `json:"link,omitempty"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (u *Upload) UnmarshalJSON(b []byte) error {
	type plain Upload
	return unmarshalKeeping(b, (*plain)(u), &u.Extra)
}

// MarshalJSON writes Extra back.
func (u Upload) MarshalJSON() ([]byte, error) {
	type plain Upload
	return marshalKeeping((*plain)(&u), u.Extra)
}

// AttachmentsService uploads and downloads attachments.
type AttachmentsService struct{ r resource[Upload] }

// Upload sends the content of r as an attachment named filename. The file
// is streamed, never held in memory whole, and the request is therefore
// never retried. Upload reads r until EOF or an error, and no longer once
// it has returned.
//
// FreshBooks endpoint: POST /uploads/account/{account_id}/attachments (multipart/form-data, part "content")
func (s *AttachmentsService) Upload(ctx context.Context, filename string, r io.Reader) (*Upload, error) {
	return s.r.upload(ctx, filename, r)
}

// Download streams the attachment with token jwt. Close the file when
// done.
//
// FreshBooks endpoint: GET /uploads/attachments/{jwt}
func (s *AttachmentsService) Download(ctx context.Context, jwt string) (*File, error) {
	return s.r.download(ctx, jwt)
}

// ImagesService uploads and downloads images.
type ImagesService struct{ r resource[Upload] }

// Upload sends the content of r as an image named filename; the answer's
// Link is the image's public URL. The file is streamed, never held in
// memory whole, and the request is therefore never retried. Upload reads r
// until EOF or an error, and no longer once it has returned.
//
// FreshBooks endpoint: POST /uploads/account/{account_id}/images (multipart/form-data, part "content")
func (s *ImagesService) Upload(ctx context.Context, filename string, r io.Reader) (*Upload, error) {
	return s.r.upload(ctx, filename, r)
}

// Download streams the image with token jwt. Close the file when done.
//
// FreshBooks endpoint: GET /uploads/images/{jwt}
func (s *ImagesService) Download(ctx context.Context, jwt string) (*File, error) {
	return s.r.download(ctx, jwt)
}

// upload streams r as the multipart part "content" through a pipe: a
// goroutine writes the form while the transport sends it.
func (r resource[T]) upload(ctx context.Context, filename string, src io.Reader) (*T, error) {
	if src == nil {
		return nil, errors.New("freshbooks: upload: nil reader")
	}
	filename = cmpString(path.Base(strings.ReplaceAll(filename, `\`, "/")), "content")
	if filename == "." || filename == "/" {
		filename = "content"
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	done := make(chan struct{})
	go func() {
		defer close(done)
		part, err := mw.CreateFormFile("content", filename)
		if err == nil {
			_, err = io.Copy(part, src)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req := &request{method: http.MethodPost, path: r.ep.list, stream: pr, contentType: mw.FormDataContentType()}
	resp, err := r.c.sendAuthed(ctx, req)
	// Stop the writer whatever happened (the transport closes the body on
	// its own paths; not when the call failed before sending), and wait
	// for it, so src is no longer read once we return.
	pr.CloseWithError(errUploadDone)
	<-done
	if err != nil {
		return nil, err
	}
	v := new(T)
	found := false
	var link string
	err = visit(resp.body, nil, func(name string, value []byte) (bool, error) {
		switch name {
		case r.ep.single:
			found = true
			return true, json.Unmarshal(value, v)
		case "link":
			return true, json.Unmarshal(value, &link)
		}
		return false, nil
	})
	if err != nil || !found {
		return nil, envelopeError(req, resp, r.ep.single, err)
	}
	if u, ok := any(v).(*Upload); ok && link != "" && u.Link == "" {
		u.Link = link
	}
	return v, nil
}

var errUploadDone = errors.New("freshbooks: upload finished")

// File is a downloaded file, streamed: read it, then Close it.
type File struct {
	// MediaType is the file's media type, from the answer's Content-Type,
	// such as "image/png".
	MediaType string
	// Size is the file's length in bytes, or -1 when unknown.
	Size int64

	body   io.ReadCloser
	cancel context.CancelFunc
}

// Read reads from the file.
func (f *File) Read(p []byte) (int, error) { return f.body.Read(p) }

// Close closes the download.
func (f *File) Close() error {
	err := f.body.Close()
	f.cancel()
	return err
}

// download GETs item/jwt and hands back the body unread. The client's
// timeout covers the whole download, until Close. Failures before the
// answer are retried like any GET.
func (r resource[T]) download(ctx context.Context, jwt string) (*File, error) {
	if jwt == "" {
		return nil, errors.New("freshbooks: download: empty jwt")
	}
	c := r.c
	req := &request{method: http.MethodGet, path: r.ep.itemPath(jwt)}
	cancel := context.CancelFunc(func() {})
	if c.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
	}
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + req.path
	u.RawPath = ""
	target := u.String()
	var reauth unauthorizedRetries
	for attempt := 1; ; attempt++ {
		bearer, err := c.bearer(ctx)
		if err != nil {
			cancel()
			return nil, err
		}
		f, err := c.downloadAttempt(ctx, req, target, attempt, bearer)
		if err == nil {
			f.cancel = cancel
			return f, nil
		}
		if again, err := c.retryUnauthorized(ctx, &reauth, bearer, err); err != nil {
			cancel()
			return nil, err
		} else if again {
			attempt--
			continue
		}
		wait, retry := c.shouldRetry(req, err, attempt)
		if !retry {
			cancel()
			return nil, err
		}
		if err := c.sleep(ctx, wait); err != nil {
			cancel()
			return nil, err
		}
	}
}

func (c *Client) downloadAttempt(ctx context.Context, r *request, target string, attempt int, bearer string) (*File, error) {
	hreq, err := http.NewRequestWithContext(ctx, r.method, target, nil)
	if err != nil {
		return nil, fmt.Errorf("freshbooks: %s %s: %w", r.method, r.path, err)
	}
	if bearer != "" {
		hreq.Header.Set("Authorization", "Bearer "+bearer)
	}
	hreq.Header.Set("User-Agent", c.userAgent)
	if c.apiVersion != "" {
		hreq.Header.Set("X-API-VERSION", c.apiVersion)
	}
	start := time.Now()
	hr, err := c.hc.Do(hreq)
	if err != nil {
		c.log(ctx, r, attempt, 0, start, err)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &transportError{method: r.method, path: r.path, err: err}
	}
	c.log(ctx, r, attempt, hr.StatusCode, start, nil)
	if hr.StatusCode < 200 || hr.StatusCode > 299 {
		defer hr.Body.Close()
		data, err := readBody(hr.Body, 1<<20)
		if err != nil && !errors.Is(err, ErrResponseTooLarge) {
			return nil, &transportError{method: r.method, path: r.path, err: err, afterSend: true}
		}
		e := parseAPIError(hr.StatusCode, hr.Header, data)
		e.Method, e.Path = r.method, r.path
		return nil, e
	}
	size := hr.ContentLength
	if size < 0 {
		if n, err := strconv.ParseInt(hr.Header.Get("Content-Length"), 10, 64); err == nil {
			size = n
		}
	}
	return &File{MediaType: hr.Header.Get("Content-Type"), Size: size, body: hr.Body}, nil
}
