# mineralgraph API image: static binary on distroless, non-root, with a health check.
# Build: docker build -t mineralgraph .   (docker compose up builds it too)

# The playground's assets (GraphiQL, React) from npm, embedded in the binary below.
FROM node:20-bookworm-slim AS playground
WORKDIR /src/server/playground
COPY server/playground/package.json server/playground/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error && mkdir -p assets \
 && cp node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js \
       node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css assets/

# The explorer (web/), built by Vite; its manifest of persisted documents reads the schema and
# the playground's examples.
FROM node:20-bookworm-slim AS explorer
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY schema.graphqls /src/schema.graphqls
COPY server/examples/ /src/server/examples/
COPY web/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=playground /src/server/playground/assets/ server/playground/assets/
COPY --from=explorer /src/web/dist/ server/explore/assets/
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/mineralgraph ./cmd/mineralgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mineralgraph /usr/local/bin/mineralgraph
USER nonroot:nonroot
ENV HTTP_ADDR=:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["mineralgraph", "healthcheck"]
ENTRYPOINT ["mineralgraph"]
CMD ["serve"]
