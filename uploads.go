package freshbooks

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
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

// upload streams src as the multipart part "content", typed from the
// file name or, failing that, from its first bytes, and with a
// Content-Length when src knows its size.
func (r resource[T]) upload(ctx context.Context, filename string, src io.Reader) (*T, error) {
	if src == nil {
		return nil, errors.New("freshbooks: upload: nil reader")
	}
	filename = cmp.Or(path.Base(strings.ReplaceAll(filename, `\`, "/")), "content")
	if filename == "." || filename == "/" {
		filename = "content"
	}
	// Nothing is read without a token to send it with.
	if err := r.c.tk.needToken(ctx); err != nil {
		return nil, err
	}
	body, err := newUploadBody(filename, src)
	if err != nil {
		return nil, err
	}
	req := &request{method: http.MethodPost, path: r.ep.list, stream: body, streamLength: body.length, contentType: body.contentType}
	resp, err := r.send(ctx, req)
	// The transport may still be reading the body (it closes it on its
	// own time): src is read no more once we return.
	body.stop()
	if err != nil {
		return nil, err
	}
	v := new(T)
	var link string
	if err := decodeMembers(req, resp, nil, members{key: r.ep.single, into: v, also: map[string]any{"link": &link}}); err != nil {
		return nil, err
	}
	if u, ok := any(v).(*Upload); ok && link != "" && u.Link == "" {
		u.Link = link
	}
	return v, nil
}

// File is a downloaded file, streamed: read it, then Close it.
type File struct {
	// MediaType is the file's media type, from the answer's Content-Type,
	// such as "image/png".
	MediaType string
	// Size is the file's length in bytes, or -1 when unknown.
	Size int64

	body io.ReadCloser
}

// Read reads from the file.
func (f *File) Read(p []byte) (int, error) { return f.body.Read(p) }

// Close closes the download.
func (f *File) Close() error { return f.body.Close() }

// download GETs item/jwt and hands back the body unread. The client's
// timeout covers the whole download, until Close. Failures before the
// answer are retried like any GET. No access token is needed: one is sent
// when the client has it.
func (r resource[T]) download(ctx context.Context, jwt string) (*File, error) {
	if jwt == "" {
		return nil, errors.New("freshbooks: download: empty jwt")
	}
	resp, err := r.c.send(ctx, &request{family: r.ep.family, method: http.MethodGet, path: r.ep.itemPath(jwt), streamAnswer: true})
	if err != nil {
		return nil, err
	}
	size, err := strconv.ParseInt(resp.header.Get("Content-Length"), 10, 64)
	if err != nil {
		size = -1
	}
	return &File{MediaType: resp.header.Get("Content-Type"), Size: size, body: resp.stream}, nil
}
