// Package graph is the GraphQL server gqlgen generates.
package graph

//go:generate go run github.com/99designs/gqlgen generate
