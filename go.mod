module github.com/freshbooks-go/freshbooks

go 1.26.8

require (
	github.com/shopspring/decimal v1.6.0
	golang.org/x/oauth2 v0.38.0
)

require (
	go.etcd.io/bbolt v1.5.0 // indirect
	golang.org/x/sys v0.45.0 // indirect
)
