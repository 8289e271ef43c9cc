package transforms

import "testing"

func TestStaticRoot(t *testing.T) {
	for _, tc := range []struct {
		value, want string
		known       bool
	}{
		{`BASE_DIR / "staticfiles"`, "/srv/app/staticfiles", true},
		{`BASE_DIR / 'static' / 'root'`, "/srv/app/static/root", true},
		{`os.path.join(BASE_DIR, "static_root")`, "/srv/app/static_root", true},
		{`str(BASE_DIR / "collected")`, "/srv/app/collected", true},
		{`"/var/www/static"  # the proxy serves it`, "/var/www/static", true},
		{`'public'`, "/work/public", true},
		{`os.environ["STATIC_ROOT"]`, "", false},
		{`BASE_DIR / STATIC_DIR`, "", false},
		{`BASE_DIR / "/abs"`, "", false},
		{`f"{BASE_DIR}/static"`, "", false},
	} {
		got, known := staticRoot(tc.value, "/work", "/srv/app")
		if got != tc.want || known != tc.known {
			t.Errorf("staticRoot(%s) = %q, %v; want %q, %v", tc.value, got, known, tc.want, tc.known)
		}
	}
}
