package freshbooks

import "testing"

// Every vocabulary belongs to a resource of the catalogue that lists, and
// no filter key is spelled twice.
func TestVocabulariesMatchTheCatalogue(t *testing.T) {
	for name, voc := range vocabularies {
		s := specOf(name)
		if s == nil {
			t.Errorf("vocabulary for %q, which the catalogue lacks", name)
			continue
		}
		seen := map[string]bool{}
		for _, k := range voc.keys() {
			if seen[k] {
				t.Errorf("%s: key %q twice", name, k)
			}
			seen[k] = true
		}
	}
}
