package freshbooks_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestAppImages(t *testing.T) {
	c, _ := setupAuthed(t, freshbookstest.Options{})
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	up, err := c.AppImages().Upload(t.Context(), "logo.png", bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	if up.JWT == "" || up.Link == "" {
		t.Fatalf("upload = %+v", up)
	}
	f, err := c.AppImages().Download(t.Context(), up.JWT)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := io.ReadAll(f)
	if !bytes.Equal(got, png) || f.MediaType != "image/png" {
		t.Errorf("downloaded %d bytes of %s", len(got), f.MediaType)
	}
}
