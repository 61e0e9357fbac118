module github.com/freshbooks-go/freshbooks

go 1.26.8

require (
	github.com/shopspring/decimal v1.6.0
	go.etcd.io/bbolt v1.5.0
	golang.org/x/oauth2 v0.38.0
	golang.org/x/time v0.16.0
)

require golang.org/x/sys v0.45.0 // indirect
