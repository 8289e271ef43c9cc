package chi

import "net/http"

func NewRouter() http.Handler { return http.NewServeMux() }
