package neo4jlocal

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// The pom lists the server and the community kernel; Maven resolves the rest (about 210 jars,
// 120 MB). Packaging "pom" means Maven builds nothing: it only resolves and copies.
const pomTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by mineralgraph's neo4jlocal: the jars of one Neo4j Community server. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>mineralgraph.local</groupId>
  <artifactId>neo4j-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j.app</groupId><artifactId>neo4j-server</artifactId><version>%[1]s</version></dependency>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>%[1]s</version></dependency>
  </dependencies>
</project>
`

// completeMarker is written after every jar has been copied, so a download that was
// interrupted is redone rather than used.
const completeMarker = ".complete"

// Install makes sure the jars of Neo4j Version are in the cache, downloading them with Maven
// the first time. It is safe to call from several processes at once: the first one downloads,
// the others wait for it. Progress goes to log. It returns the directory of the jars.
func Install(ctx context.Context, opts Options, log io.Writer) (string, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return "", err
	}
	lib := opts.libDir()
	if installed(lib) {
		return lib, nil
	}
	root := filepath.Dir(lib)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("neo4jlocal: %w", err)
	}
	unlock, err := lockFile(filepath.Join(root, "install.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if installed(lib) { // another process finished while we waited for the lock
		return lib, nil
	}
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return "", fmt.Errorf("neo4jlocal: Maven (mvn) is needed to fetch Neo4j %s from Maven Central: %w", Version, err)
	}
	if err := os.RemoveAll(lib); err != nil {
		return "", fmt.Errorf("neo4jlocal: %w", err)
	}
	pom := filepath.Join(root, "pom.xml")
	if err := os.WriteFile(pom, fmt.Appendf(nil, pomTemplate, Version), 0o644); err != nil {
		return "", fmt.Errorf("neo4jlocal: %w", err)
	}
	fmt.Fprintf(log, "neo4jlocal: fetching Neo4j %s from Maven Central into %s (once; about 120 MB)\n", Version, lib)
	cmd := exec.CommandContext(ctx, mvn, "-B", "-q", "-f", pom,
		"org.apache.maven.plugins:maven-dependency-plugin:"+dependencyPluginVersion+":copy-dependencies",
		"-DoutputDirectory="+lib, "-DincludeScope=runtime")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("neo4jlocal: maven could not fetch Neo4j %s: %w\n%s", Version, err, tail(out.String(), 40))
	}
	jars, _ := filepath.Glob(filepath.Join(lib, "*.jar"))
	if len(jars) == 0 {
		return "", fmt.Errorf("neo4jlocal: maven copied no jars into %s\n%s", lib, tail(out.String(), 40))
	}
	if err := os.WriteFile(filepath.Join(lib, completeMarker), []byte(Version+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("neo4jlocal: %w", err)
	}
	fmt.Fprintf(log, "neo4jlocal: %d jars ready\n", len(jars))
	return lib, nil
}

func installed(lib string) bool {
	_, err := os.Stat(filepath.Join(lib, completeMarker))
	return err == nil
}

// lockFile takes an exclusive advisory lock on path, waiting for it; the returned function
// releases it. The kernel releases it too if the process dies.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("neo4jlocal: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("neo4jlocal: lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
