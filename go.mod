module github.com/plenary-org/plenary

go 1.26.8
