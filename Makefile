# Everyday commands. The README shows the two that matter: run and test.
.PHONY: run test lint bench ci

run:
	go run ./cmd/plenary serve -demo

test:
	go test ./...

lint:
	gofmt -l $$(git ls-files '*.go')
	go vet ./...
	go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...

ci:
	bash .ci/run
