package freshbooks

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"strings"
	"sync"
)

var errUploadDone = errors.New("freshbooks: upload finished")

// sniffLen is how much of a file http.DetectContentType looks at.
const sniffLen = 512

// uploadBody is a multipart/form-data body of one file part, streamed
// from its source.
type uploadBody struct {
	io.Reader
	contentType string // of the whole body
	length      int64  // -1 when unknown

	mu      sync.Mutex
	stopped bool
}

func newUploadBody(filename string, src io.Reader) (*uploadBody, error) {
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(src, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("freshbooks: upload: %w", err)
	}
	head = head[:n]
	media := mime.TypeByExtension(path.Ext(filename))
	if media == "" {
		media = http.DetectContentType(head)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	part := textproto.MIMEHeader{}
	quote := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	part.Set("Content-Disposition", `form-data; name="content"; filename="`+quote.Replace(filename)+`"`)
	part.Set("Content-Type", media)
	if _, err := mw.CreatePart(part); err != nil {
		return nil, fmt.Errorf("freshbooks: upload: %w", err)
	}
	opening := bytes.Clone(form.Bytes())
	form.Reset()
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("freshbooks: upload: %w", err)
	}
	b := &uploadBody{contentType: mw.FormDataContentType(), length: -1}
	if rest := remaining(src); rest >= 0 {
		b.length = int64(len(opening)+len(head)+form.Len()) + rest
	}
	b.Reader = io.MultiReader(bytes.NewReader(opening), bytes.NewReader(head), src, &form)
	return b, nil
}

// Read reads the body, until stop.
func (b *uploadBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		return 0, errUploadDone
	}
	return b.Reader.Read(p)
}

// stop ends the reading, once a Read in progress has returned.
func (b *uploadBody) stop() {
	b.mu.Lock()
	b.stopped = true
	b.mu.Unlock()
}

// remaining is how many bytes src has left to read, or -1 when it cannot
// tell: the readers of bytes and strings know, and so does a file.
func remaining(src io.Reader) int64 {
	switch src := src.(type) {
	case interface{ Len() int }:
		return int64(src.Len())
	case io.Seeker:
		at, err := src.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		end, err := src.Seek(0, io.SeekEnd)
		if _, err2 := src.Seek(at, io.SeekStart); err != nil || err2 != nil || end < at {
			return -1
		}
		return end - at
	}
	return -1
}
