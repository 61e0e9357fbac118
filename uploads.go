package freshbooks

// STUB: to be completed by the owner of this resource family.

// Upload is a FreshBooks record (stub).
type Upload struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// AttachmentsService is a stub.
type AttachmentsService struct{ r resource[Upload] }

// ImagesService is a stub.
type ImagesService struct{ r resource[Upload] }
