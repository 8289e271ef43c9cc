package transforms

import (
	"testing"

	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestCMakeShared(t *testing.T) {
	scripts := []struct {
		name, text string
		shared     bool
	}{
		{"no library", "add_executable(app main.c)\n", false},
		{"static by default", "add_library(core core.c)\n", false},
		{"SHARED kind", "add_library(core SHARED core.c)\n", true},
		{"MODULE kind", "add_library(plugin MODULE plugin.c)\n", true},
		{"set ON", "set(BUILD_SHARED_LIBS ON)\nadd_library(core core.c)\n", true},
		{"set in the cache with a doc string", "set(BUILD_SHARED_LIBS ON CACHE BOOL \"Build shared libraries\")\n", true},
		{"set to a number", "set(BUILD_SHARED_LIBS 1)\n", true},
		{"set OFF in the cache", "set(BUILD_SHARED_LIBS OFF CACHE BOOL \"shared, when ON\")\n", false},
		{"option ON", "option(BUILD_SHARED_LIBS \"Build shared libraries\" ON)\n", true},
		{"option off", "option(BUILD_SHARED_LIBS \"Build shared libraries\" off)\n", false},
		{"only tested", "if(BUILD_SHARED_LIBS)\n  message(STATUS shared)\nendif()\n", false},
		{"tested negated", "if(NOT BUILD_SHARED_LIBS)\nendif()\n", false},
	}
	for _, c := range scripts {
		if got := cmakeShared("CMakeLists.txt", c.text) != ""; got != c.shared {
			t.Errorf("%s: cmakeShared = %v, want %v", c.name, got, c.shared)
		}
	}
	lines := []struct {
		line   string
		shared bool
	}{
		{"cmake -S . -B build", false},
		{"cmake -DBUILD_SHARED_LIBS=ON ..", true},
		{"cmake -D BUILD_SHARED_LIBS:BOOL=1 -B build", true},
		{"cmake -DBUILD_SHARED_LIBS=yes ..", true},
		{"cmake -DBUILD_SHARED_LIBS=OFF ..", false},
		{"cmake -DBUILD_SHARED_LIBS=0 ..", false},
		{"cmake -DBUILD_SHARED_LIBS_EXTRA=ON ..", false},
		{"cmake -DCMAKE_BUILD_TYPE=Release ..", false},
	}
	for _, c := range lines {
		calls, err := shell.Calls(c.line, shell.State{Dir: "/src"})
		if err != nil || len(calls) != 1 {
			t.Fatalf("%s: %v", c.line, err)
		}
		if got := cmakeSharedFlag(calls[0]) != ""; got != c.shared {
			t.Errorf("%s: cmakeSharedFlag = %v, want %v", c.line, got, c.shared)
		}
	}
}

func TestCMakeFetched(t *testing.T) {
	for text, fetched := range map[string]bool{
		"add_executable(app main.cpp)\n": false,
		"FetchContent_Declare(fmt GIT_REPOSITORY https://github.com/fmtlib/fmt.git GIT_TAG 10.2.1)\n":   false,
		"FetchContent_Declare(\n  Catch2\n  GIT_REPOSITORY https://github.com/catchorg/Catch2.git\n)\n": false,
		"FetchContent_Declare(cpr GIT_REPOSITORY https://github.com/libcpr/cpr.git GIT_TAG 1.10.5)\n":   true,
		"FetchContent_Declare(${DEP} URL ${DEP_URL})\n":                                                 true,
		"CPMAddPackage(\"gh:gabime/spdlog@1.13.0\")\n":                                                  false,
		"CPMAddPackage(\"gh:libsdl-org/SDL#release-2.30.0\")\n":                                         true,
		"CPMAddPackage(NAME yaml-cpp GITHUB_REPOSITORY jbeder/yaml-cpp GIT_TAG 0.8.0)\n":                false,
		"CPMAddPackage(URI \"gh:nlohmann/json@3.11.3\")\n":                                              true, // URI form: not read
		"ExternalProject_Add(zlib URL https://zlib.net/zlib-1.3.1.tar.gz)\n":                            true,
	} {
		if got := cmakeFetched("CMakeLists.txt", text) != ""; got != fetched {
			t.Errorf("%q: cmakeFetched = %v, want %v", text, got, fetched)
		}
	}
}
