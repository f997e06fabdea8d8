package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/httprate"
	"github.com/rs/cors"
)

// writeGraphQLError answers a request refused before GraphQL ran (too large, too many) in the
// shape GraphQL clients parse: {"errors": [{"message", "extensions": {"code"}}]}.
func writeGraphQLError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{
		"message": message, "extensions": map[string]any{"code": code},
	}}})
}

// limitBody refuses bodies over max bytes with 413 before gqlgen reads them. A body that
// declares its length is refused at once; one that streams is cut off at max.
func limitBody(max int64, next http.Handler) http.Handler {
	tooLarge := fmt.Sprintf("the request body is larger than %d bytes; send a shorter query (use variables and persisted queries) or split it", max)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeGraphQLError(w, http.StatusRequestEntityTooLarge, "BAD_USER_INPUT", tooLarge)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
			var maxErr *http.MaxBytesError
			switch {
			case errors.As(err, &maxErr):
				writeGraphQLError(w, http.StatusRequestEntityTooLarge, "BAD_USER_INPUT", tooLarge)
				return
			case err != nil:
				writeGraphQLError(w, http.StatusBadRequest, "BAD_USER_INPUT", "the request body could not be read")
				return
			}
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			r.ContentLength = int64(len(body))
		}
		next.ServeHTTP(w, r)
	})
}

// clientAddr returns the address a request came from: the peer's IP, or, when the peer is
// one of the trusted proxies (a load balancer), the right-most address in X-Forwarded-For
// that is not a trusted proxy. Addresses a client writes itself are never trusted, so a
// client cannot dodge the rate limit by sending a made-up X-Forwarded-For.
func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	peer = peer.Unmap()
	if !isTrusted(peer, trusted) {
		return peer.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: stop at the last address we could trust
		}
		a = a.Unmap()
		if !isTrusted(a, trusted) {
			return a.String()
		}
		peer = a
	}
	return peer.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// rateLimit allows each client address perMinute requests in any minute (a sliding window)
// and answers 429 with Retry-After beyond that. The counter is in process memory unless
// counter is set: with several replicas each counts its own share, so either divide the
// limit by the replica count or plug in a shared counter (httprate.LimitCounter, e.g. Redis).
func rateLimit(perMinute int, counter httprate.LimitCounter, trusted []netip.Prefix, next http.Handler) http.Handler {
	opts := []httprate.Option{
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) { return clientAddr(r, trusted), nil }),
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			retry := w.Header().Get("Retry-After")
			if _, err := strconv.Atoi(retry); err != nil {
				retry = "60"
			}
			writeGraphQLError(w, http.StatusTooManyRequests, "RATE_LIMITED",
				fmt.Sprintf("more than %d requests in a minute from this address; retry after %s s", perMinute, retry))
		}),
	}
	if counter != nil {
		opts = append(opts, httprate.WithLimitCounter(counter))
	}
	return httprate.Limit(perMinute, time.Minute, opts...)(next)
}

// withCORS lets the listed origins call the API from browsers. "*" allows any origin, without
// credentials (the API key travels in a header, not a cookie, so none are needed).
func withCORS(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	return cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "X-Request-ID", "Apollo-Require-Preflight"},
		ExposedHeaders: []string{"X-Request-ID", "Retry-After"},
		MaxAge:         600,
	}).Handler(next)
}
