package freshbookstest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func clientID(m map[string]any) int64 {
	c := m["response"].(map[string]any)["result"].(map[string]any)["client"].(map[string]any)
	n, _ := c["id"].(float64)
	return int64(n)
}

func TestDurableRestart(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, dir, Options{})
	sb, base, stop := e.sb, e.url, e.close
	tok := sb.IssueToken(0)
	clients := base + "/accounting/account/" + e.acct + "/users/clients"
	status, m := e.as(tok.AccessToken, "POST", clients, map[string]any{"client": map[string]any{"organization": "Durable Co", "fname": "Ada"}}, false)
	if status != 200 {
		t.Fatalf("create: %d %v", status, m)
	}
	id := clientID(m)
	// A refresh before the restart: the old refresh token must stay spent.
	o := sb.Options()
	form := url.Values{"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}
	resp, err := http.PostForm(base+"/auth/oauth/token", form)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("refresh: %v %v", err, resp.Status)
	}
	var fresh map[string]any
	json.NewDecoder(resp.Body).Decode(&fresh)
	resp.Body.Close()
	stop()

	e2 := newEnv(t, dir, Options{})
	base2, stop2 := e2.url, e2.close
	defer stop2()
	if e2.acct != e.acct {
		t.Fatal("identities changed across a restart")
	}
	status, m = e2.as(fresh["access_token"].(string), "GET", base2+"/accounting/account/"+e2.acct+fmt.Sprintf("/users/clients/%d", id), nil, false)
	if status != 200 || !strings.Contains(fmt.Sprint(m), "Durable Co") {
		t.Fatalf("after restart: %d %v", status, m)
	}
	resp, _ = http.PostForm(base2+"/auth/oauth/token", form)
	if resp.StatusCode != 400 {
		t.Errorf("a refresh token spent before the restart works after it: %d", resp.StatusCode)
	}
	resp.Body.Close()
	form.Set("refresh_token", fresh["refresh_token"].(string))
	resp, _ = http.PostForm(base2+"/auth/oauth/token", form)
	if resp.StatusCode != 200 {
		t.Errorf("the live refresh token died in the restart: %d", resp.StatusCode)
	}
	resp.Body.Close()

	if _, err := Open(t.TempDir(), Options{}); err != nil {
		t.Fatal(err)
	}
	stop2()
	if _, err := Open(dir, Options{Seed: 7}); err == nil || !strings.Contains(err.Error(), "seed") {
		t.Errorf("reopening with another seed: %v", err)
	}
}

func TestConcurrentWritersGetDistinctIDs(t *testing.T) {
	e := newEnv(t, t.TempDir(), Options{})
	sb, base, stop := e.sb, e.url, e.close
	defer stop()
	tok := sb.IssueToken(0).AccessToken
	clients := base + "/accounting/account/" + e.acct + "/users/clients"
	var mu sync.Mutex
	ids := map[int64]string{}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				name := fmt.Sprintf("w%d-%d", g, i)
				status, m := e.as(tok, "POST", clients, map[string]any{"client": map[string]any{"organization": name}}, false)
				if status != 200 {
					t.Errorf("create: %d", status)
					return
				}
				mu.Lock()
				if prev, dup := ids[clientID(m)]; dup {
					t.Errorf("id %d given to %s and %s", clientID(m), prev, name)
				}
				ids[clientID(m)] = name
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for id, name := range ids {
		status, m := e.as(tok, "GET", fmt.Sprintf("%s/%d", clients, id), nil, false)
		if status != 200 || !strings.Contains(fmt.Sprint(m), name) {
			t.Fatalf("client %d: %d %v", id, status, m)
		}
	}
}

// TestKillLosesNoAnsweredWrite kills a durable sandbox process with
// SIGKILL while clients write to it, then checks that every write it
// answered 2xx is there after a restart.
func TestKillLosesNoAnsweredWrite(t *testing.T) {
	if os.Getenv("SANDBOX_CHILD_DIR") != "" {
		t.Skip("child")
	}
	dir := t.TempDir()
	// The first start seeds the data file; the child reopens it.
	e := newEnv(t, dir, Options{})
	tok, account := e.token, e.acct
	e.close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestSandboxChild$")
	cmd.Env = append(os.Environ(), "SANDBOX_CHILD_DIR="+dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	base := "http://" + strings.TrimSpace(strings.TrimPrefix(line, "listening "))
	clients := base + "/accounting/account/" + account + "/users/clients"

	var mu sync.Mutex
	var answered []int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	enough := make(chan struct{}) // closed at the 40th answered write
	for g := range 4 {
		wg.Go(func() {
			hc := &http.Client{Timeout: 5 * time.Second}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				b, _ := json.Marshal(map[string]any{"client": map[string]any{"organization": fmt.Sprintf("k%d-%d", g, i)}})
				req, _ := http.NewRequest("POST", clients, bytes.NewReader(b))
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := hc.Do(req)
				if err != nil {
					return // the process died
				}
				var m map[string]any
				json.NewDecoder(resp.Body).Decode(&m)
				resp.Body.Close()
				if resp.StatusCode == 200 {
					mu.Lock()
					answered = append(answered, clientID(m))
					if len(answered) == 40 {
						close(enough)
					}
					mu.Unlock()
				}
			}
		})
	}
	// Kill while the writers are still going.
	select {
	case <-enough:
	case <-time.After(30 * time.Second):
		t.Fatal("the child answered too few writes")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	close(stop)
	wg.Wait()

	sb2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb2.Close()
	sb2.eng.Lock()
	defer sb2.eng.Unlock()
	tbl := sb2.eng.Table("acct:"+account, "clients")
	for _, id := range answered {
		if _, ok := tbl.ByID[id]; !ok {
			t.Errorf("client %d was answered 200 but is gone after the kill", id)
		}
	}
	t.Logf("%d answered writes, all present after SIGKILL", len(answered))
}

// TestSandboxChild is the process killed by TestKillLosesNoAnsweredWrite.
func TestSandboxChild(t *testing.T) {
	dir := os.Getenv("SANDBOX_CHILD_DIR")
	if dir == "" {
		t.Skip("only run as a child process")
	}
	sb, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("listening %s\n", ln.Addr())
	http.Serve(ln, sb)
}
