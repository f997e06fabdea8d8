package neo4jlocal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mineralgraph/mineralgraph/store"
)

// entryPoint is the main class of a Neo4j 5.x Community server; it is what the official
// launcher and Docker image start, and --console-mode keeps it in the foreground of its own
// process (which we detach from our process group, so it outlives the command that started it).
const entryPoint = "org.neo4j.server.CommunityEntryPoint"

// jvmFlags are the flags the Neo4j distribution passes on Java 17 (its neo4j.conf ships them as
// server.jvm.additional, which Maven does not ship).
var jvmFlags = []string{
	"-XX:+UseG1GC",
	"-XX:-OmitStackTraceInFastThrow",
	"-XX:+DisableExplicitGC",
	"-Djdk.nio.maxCachedBufferSize=1024",
	"-Dio.netty.tryReflectionSetAccessible=true",
	"-Djdk.tls.ephemeralDHKeySize=2048",
	"-Djdk.tls.rejectClientInitiatedRenegotiation=true",
	"-Dfile.encoding=UTF-8",
	"--add-opens=java.base/java.nio=ALL-UNNAMED",
	"--add-opens=java.base/java.io=ALL-UNNAMED",
	"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
	"--add-opens=java.base/java.lang=ALL-UNNAMED",
	"--enable-native-access=ALL-UNNAMED",
}

// Server is a running local instance.
type Server struct {
	opts Options
	pid  int
}

// URI is the Bolt address of the server.
func (s *Server) URI() string { return s.opts.BoltURI() }

// PID is the operating-system process id of the server's JVM.
func (s *Server) PID() int { return s.pid }

// Stop stops the server gracefully (see Stop).
func (s *Server) Stop() error { return Stop(s.opts, io.Discard) }

// Start provisions the jars if needed, writes the instance's configuration and starts the
// server in the background, then waits until it accepts Bolt connections. If the instance is
// already running it returns it as is. On a timeout, or if the server exits while starting,
// the error carries the end of the server's log. The server keeps running after the calling
// process exits; stop it with Stop.
func Start(ctx context.Context, opts Options, log io.Writer) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if pid, ok := running(opts); ok {
		if bolt, _ := confPorts(opts.homeDir()); bolt != 0 && bolt != opts.BoltPort {
			return nil, fmt.Errorf("neo4jlocal: instance %q already runs, as pid %d on Bolt port %d (not %d), with its data in %s; "+
				"stop it first (neo4jlocal -name %s -bolt-port %d stop) or give this one another name",
				opts.Name, pid, bolt, opts.BoltPort, opts.homeDir(), opts.Name, bolt)
		}
		if err := waitBolt(ctx, opts, pid, opts.StartTimeout); err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "neo4jlocal: %q already running (pid %d) at %s\n", opts.Name, pid, opts.BoltURI())
		return &Server{opts: opts, pid: pid}, nil
	}
	lib, err := Install(ctx, opts, log)
	if err != nil {
		return nil, err
	}
	for _, port := range []int{opts.BoltPort, opts.HTTPPort} {
		if portInUse(port) {
			return nil, portTaken(opts, port)
		}
	}
	if err := writeConfig(opts); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(opts.scopeDir(), scopeFile), []byte(opts.Scope+"\n"), 0o644); err != nil {
		return nil, fmt.Errorf("neo4jlocal: %w", err)
	}
	logFile := opts.LogFile()
	_ = os.Rename(logFile, logFile+".1") // keep the previous run's log for diagnosis
	out, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("neo4jlocal: %w", err)
	}
	defer out.Close()

	home := opts.homeDir()
	args := append([]string{"-Xms" + opts.Heap, "-Xmx" + opts.Heap}, jvmFlags...)
	args = append(args, "-cp", filepath.Join(lib, "*"), entryPoint,
		homeFlag(home), "--config-dir="+filepath.Join(home, "conf"), "--console-mode")
	// Not CommandContext: the server must outlive ctx and this process.
	cmd := exec.Command(opts.Java, args...)
	cmd.Dir = home
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("neo4jlocal: start %s (is Java 17 or 21 installed?): %w", opts.Java, err)
	}
	pid := cmd.Process.Pid
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }() // reap it if it dies while we are alive
	if err := os.WriteFile(opts.pidFile(), []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("neo4jlocal: %w", err)
	}
	fmt.Fprintf(log, "neo4jlocal: starting Neo4j %s %q (pid %d), log %s\n", Version, opts.Name, pid, logFile)
	began := time.Now()
	waitCtx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-exited:
			cancel()
		case <-waitCtx.Done():
		}
	}()
	err = waitBolt(waitCtx, opts, pid, opts.StartTimeout)
	cancel()
	if err != nil {
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = os.Remove(opts.pidFile())
		select {
		case <-exited:
			err = fmt.Errorf("neo4jlocal: the server exited while starting")
		default:
		}
		return nil, fmt.Errorf("%w\n--- end of %s ---\n%s", err, logFile, readTail(logFile, 60))
	}
	fmt.Fprintf(log, "neo4jlocal: ready at %s after %s\n", opts.BoltURI(), time.Since(began).Round(100*time.Millisecond))
	return &Server{opts: opts, pid: pid}, nil
}

// waitBolt waits until the server answers a query over Bolt, the process dies, or timeout.
func waitBolt(ctx context.Context, opts Options, pid int, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		if !alive(pid) {
			return fmt.Errorf("neo4jlocal: the server (pid %d) exited while starting", pid)
		}
		if portInUse(opts.BoltPort) {
			// A Bolt handshake can succeed before the default database is online; a query
			// cannot, and opening a store runs one (store.Open pings the database).
			vctx, vcancel := context.WithTimeout(ctx, 5*time.Second)
			s, err := store.Open(vctx, store.Config{URI: opts.BoltURI()})
			vcancel()
			if err == nil {
				s.Close(context.Background())
				return nil
			}
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return fmt.Errorf("neo4jlocal: Neo4j did not accept Bolt connections on %s within %s", opts.BoltURI(), timeout)
			}
			return fmt.Errorf("neo4jlocal: waiting for Neo4j: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// Stop sends the server SIGTERM and waits up to a minute for a clean shutdown, then kills it.
// It returns ErrNotRunning when there is no live server for the instance.
func Stop(opts Options, log io.Writer) error {
	opts, err := opts.withDefaults()
	if err != nil {
		return err
	}
	pid, ok := running(opts)
	if !ok {
		_ = os.Remove(opts.pidFile())
		return ErrNotRunning
	}
	fmt.Fprintf(log, "neo4jlocal: stopping %q (pid %d)\n", opts.Name, pid)
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("neo4jlocal: stop pid %d: %w", pid, err)
	}
	deadline := time.Now().Add(time.Minute)
	for alive(pid) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if alive(pid) {
		fmt.Fprintf(log, "neo4jlocal: %q did not stop within a minute; killing it (the next start runs recovery)\n", opts.Name)
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	_ = os.Remove(opts.pidFile())
	return nil
}

// Kill ends the server at once with SIGKILL, as a crash or a lost machine would, and waits
// until it is gone. The next Start runs Neo4j's recovery from its transaction log. Fault tests
// use it; Stop is the way to end a server otherwise.
func Kill(opts Options, log io.Writer) error {
	opts, err := opts.withDefaults()
	if err != nil {
		return err
	}
	pid, ok := running(opts)
	if !ok {
		return ErrNotRunning
	}
	fmt.Fprintf(log, "neo4jlocal: killing %q (pid %d)\n", opts.Name, pid)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("neo4jlocal: kill pid %d: %w", pid, err)
	}
	for deadline := time.Now().Add(30 * time.Second); alive(pid) && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	_ = os.Remove(opts.pidFile())
	return nil
}

// Status reports whether the instance has a live server, and its pid.
func Status(opts Options) (pid int, ok bool, err error) {
	opts, err = opts.withDefaults()
	if err != nil {
		return 0, false, err
	}
	pid, ok = running(opts)
	return pid, ok, nil
}

// Wipe stops the instance if it runs and deletes its data, logs and configuration. The
// downloaded jars stay in the cache.
func Wipe(opts Options, log io.Writer) error {
	opts, err := opts.withDefaults()
	if err != nil {
		return err
	}
	if err := Stop(opts, log); err != nil && !errors.Is(err, ErrNotRunning) {
		return err
	}
	fmt.Fprintf(log, "neo4jlocal: deleting %s\n", opts.homeDir())
	return os.RemoveAll(opts.homeDir())
}

// running reads the pid file and checks that the process is alive and is the Neo4j server of
// this instance (a recycled pid of another program, or of another instance, does not count).
func running(opts Options) (int, bool) { return runningAt(opts.homeDir()) }

// runningAt is running for the instance whose home is home.
func runningAt(home string) (int, bool) {
	b, err := os.ReadFile(pidFileAt(home))
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 || !alive(pid) {
		return 0, false
	}
	if cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); err == nil {
		args := bytes.Split(cmdline, []byte{0})
		if !slices.ContainsFunc(args, func(a []byte) bool { return string(a) == entryPoint }) ||
			!slices.ContainsFunc(args, func(a []byte) bool { return string(a) == homeFlag(home) }) {
			return 0, false
		}
	}
	return pid, true
}

// homeFlag is the server's argument naming its home, by which a process is known as the
// server of one instance.
func homeFlag(home string) string { return "--home-dir=" + home }

// alive reports whether pid names a live process (not a zombie).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	if stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		// The state follows the parenthesised command name: "pid (comm) S ...".
		if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
			return false
		}
	}
	return true
}

func portInUse(port int) bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 200*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// readTail returns the last n lines of a file, or a note that it could not be read.
func readTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	return tail(string(b), n)
}
