package server

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// The playground is GraphiQL, served from the binary (the assets come from npm at build time,
// see `make playground`), so it works on research networks that reach no CDN. It opens with
// the documented example queries, one tab each. A binary built without the assets serves a
// small playground of its own instead, with the same examples.

//go:embed all:playground/assets
var playgroundFS embed.FS

// playgroundAssets are the files the GraphiQL page loads.
var playgroundAssets = []string{"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "graphiql.min.css"}

func assetsBuilt() bool {
	for _, name := range playgroundAssets {
		if _, err := fs.Stat(playgroundFS, "playground/assets/"+name); err != nil {
			return false
		}
	}
	return true
}

// tab is a GraphiQL tab: the example's question as a comment over its query, given an
// operation name so that the tab shows a title.
type tab struct {
	Query string `json:"query"`
}

func exampleTabs(examples []Example) []tab {
	tabs := make([]tab, len(examples))
	for i, ex := range examples {
		name := operationName(ex.Name)
		q := ex.Query
		if strings.HasPrefix(strings.TrimSpace(q), "{") {
			q = "query " + name + " " + strings.TrimSpace(q)
		}
		tabs[i] = tab{Query: "# " + ex.Question + "\n" + q}
	}
	return tabs
}

// operationName makes "01-china-refines-over-half" into "ChinaRefinesOverHalf".
func operationName(file string) string {
	var b strings.Builder
	for _, part := range strings.Split(file, "-") {
		if part == "" || part[0] >= '0' && part[0] <= '9' {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

var graphiqlPage = template.Must(template.New("graphiql").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>mineralgraph playground</title>
  <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
  <link rel="stylesheet" href="/playground/assets/graphiql.min.css">
  <script src="/playground/assets/react.production.min.js"></script>
  <script src="/playground/assets/react-dom.production.min.js"></script>
  <script src="/playground/assets/graphiql.min.js"></script>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script>
    const tabs = {{.Tabs}};
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher: GraphiQL.createFetcher({ url: location.origin + '/graphql' }),
        defaultTabs: tabs,
        defaultEditorToolsVisibility: false,
        storage: window.localStorage,
      }),
    );
  </script>
</body>
</html>
`))

var plainPage = template.Must(template.New("plain").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>mineralgraph playground</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 22rem 1fr 1fr; height: 100vh; }
    nav { overflow: auto; border-right: 1px solid #ddd; padding: .5rem; }
    nav h1 { font-size: 1rem; } nav a { display: block; padding: .3rem; color: #035; text-decoration: none; font-size: .9rem; }
    nav a:hover { background: #eef; }
    section { display: flex; flex-direction: column; padding: .5rem; gap: .5rem; }
    textarea, pre { flex: 1; font-family: ui-monospace, monospace; font-size: .85rem; margin: 0; }
    pre { overflow: auto; background: #f7f7f7; padding: .5rem; }
  </style>
</head>
<body>
  <nav>
    <h1>mineralgraph</h1>
    <p>Example questions (this binary was built without GraphiQL; run <code>make playground</code> for it). The schema is at <a style="display:inline" href="/schema.graphql">/schema.graphql</a>.</p>
    {{range $i, $ex := .Examples}}<a href="#" data-i="{{$i}}">{{$ex.Question}}</a>{{end}}
  </nav>
  <section>
    <textarea id="query" spellcheck="false" aria-label="query"></textarea>
    <textarea id="variables" spellcheck="false" aria-label="variables" placeholder="variables (JSON)" style="flex: 0 0 5rem"></textarea>
    <button id="run">Run ▶</button>
  </section>
  <section><pre id="result" aria-label="result"></pre></section>
  <script>
    const examples = {{.Queries}};
    const q = document.getElementById('query'), v = document.getElementById('variables'), out = document.getElementById('result');
    document.querySelectorAll('nav a[data-i]').forEach(a => a.onclick = e => { e.preventDefault(); q.value = examples[a.dataset.i]; });
    q.value = examples[0] || '';
    document.getElementById('run').onclick = async () => {
      out.textContent = '…';
      let variables;
      try { variables = v.value.trim() ? JSON.parse(v.value) : undefined; } catch (e) { out.textContent = 'variables: ' + e; return; }
      const res = await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: q.value, variables }) });
      out.textContent = JSON.stringify(await res.json(), null, 2);
    };
  </script>
</body>
</html>
`))

// playground serves the playground page at / and its assets under /playground/assets/.
func playground(examples []Example) (page, assets http.Handler, err error) {
	var buf bytes.Buffer
	if assetsBuilt() {
		tabs, err := json.Marshal(exampleTabs(examples))
		if err != nil {
			return nil, nil, err
		}
		err = graphiqlPage.Execute(&buf, map[string]any{"Tabs": template.JS(tabs)})
		if err != nil {
			return nil, nil, err
		}
	} else {
		queries := make([]string, len(examples))
		for i, ex := range examples {
			queries[i] = ex.Query
		}
		js, err := json.Marshal(queries)
		if err != nil {
			return nil, nil, err
		}
		if err := plainPage.Execute(&buf, map[string]any{"Examples": examples, "Queries": template.JS(js)}); err != nil {
			return nil, nil, err
		}
	}
	html := buf.Bytes()
	page = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(html)
	})
	sub, err := fs.Sub(playgroundFS, "playground/assets")
	if err != nil {
		return nil, nil, err
	}
	files := http.FileServerFS(sub)
	assets = http.StripPrefix("/playground/assets/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	}))
	return page, assets, nil
}

// schemaSDL renders the schema as GraphQL SDL, for client code generators.
func schemaSDL(schema *ast.Schema) []byte {
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithComments()).FormatSchema(schema)
	return buf.Bytes()
}
