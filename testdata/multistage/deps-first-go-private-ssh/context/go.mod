module example.com/billing

go 1.22

require github.com/acme/ledger v1.4.2
