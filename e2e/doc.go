// Package e2e holds end-to-end tests of the FreshBooks client and its
// sandbox with real peers: headless Chromium on the sandbox's consent page,
// and the official FreshBooks Node SDK against the sandbox's API.
//
// It is a separate module so that the browser and Node test dependencies
// stay out of the library's go.mod. See README.md for how to run it.
package e2e
