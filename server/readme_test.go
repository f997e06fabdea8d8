package server_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeGET runs the README's GET example with curl, as a reader would paste it, against
// the real handler.
func TestReadmeGET(t *testing.T) {
	a := newAPI(t)
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	m := regexp.MustCompile("`(curl [^`]*localhost:8080/graphql\\?query=[^`]*)`").FindSubmatch(readme)
	require.NotNil(t, m, "the README shows a GET request with curl")
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl, the reader's tool the example is written for, is not installed")
	}
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	line := strings.Replace(string(m[1]), "localhost:8080", strings.TrimPrefix(srv.URL, "http://"), 1)
	out, err := exec.Command("sh", "-c", strings.Replace(line, "curl", curl+" -sS", 1)).CombinedOutput()
	require.NoError(t, err, "%s: %s", line, out)
	require.JSONEq(t, `{"data":{"country":{"name":"Democratic Republic of the Congo"}}}`, string(out))
}
