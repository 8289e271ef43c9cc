package transforms

import (
	"fmt"
	"testing"
)

func TestDotnetRuntimeTag(t *testing.T) {
	for _, tc := range []struct {
		sdk, want string
		ok        bool
	}{
		{"", "latest", true},
		{"latest", "latest", true},
		{"8.0", "8.0", true},
		{"8.0-alpine", "8.0-alpine", true},
		{"8.0-bookworm-slim", "8.0-bookworm-slim", true},
		{"8.0-jammy", "8.0-jammy", true},
		{"8.0-noble-arm64v8", "8.0-noble-arm64v8", true},
		{"8.0.100", "8.0", true},
		{"8.0.404-bookworm-slim", "8.0-bookworm-slim", true},
		{"8.0.100-1-alpine3.18-amd64", "8.0-alpine3.18-amd64", true},
		{"9.0.100-preview.7-bookworm-slim", "", false},
		{"8.0-jammy-aot", "", false},
		{"8.0-cbl-mariner2.0", "", false},
		{"8", "", false},
		{"8.0.1", "", false},
		{"8.0-1-alpine", "", false},
	} {
		got, ok := dotnetRuntimeTag(tc.sdk)
		if got != tc.want || ok != tc.ok {
			t.Errorf("dotnetRuntimeTag(%q) = %q, %v; want %q, %v", tc.sdk, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSdkCommand(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"dotnet", "/app/Api.dll"}, ""},
		{[]string{"/usr/bin/dotnet", "exec", "Api.dll"}, ""},
		{[]string{"dotnet", "--roll-forward", "Major", "Api.dll", "--urls", "http://+:80"}, ""},
		{[]string{"dotnet", "--info"}, ""},
		{[]string{"dotnet", "ef", "database", "update"}, "dotnet ef"},
		{[]string{"dotnet", "--verbose", "build"}, "dotnet build"},
		{[]string{"dotnet", "tool", "run", "migrate"}, "dotnet tool"},
		{[]string{"dotnet", ""}, "dotnet with a first word that cannot be known"},
		{[]string{"dotnet"}, "dotnet without an application"},
		{[]string{"node", "ef"}, ""},
	} {
		if got := sdkCommand(tc.words); got != tc.want {
			t.Errorf("sdkCommand(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
}

func TestDotnetRunProperties(t *testing.T) {
	const web = `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup>%s</PropertyGroup></Project>`
	for _, tc := range []struct {
		text, tfm, asm string
		why            bool
	}{
		{fmt.Sprintf(web, "<TargetFramework>net8.0</TargetFramework>"), "net8.0", "Api", false},
		{fmt.Sprintf(web, "<TargetFramework> net6.0 </TargetFramework><AssemblyName>shop</AssemblyName>"), "net6.0", "shop", false},
		{fmt.Sprintf(web, "<TargetFramework>netcoreapp3.1</TargetFramework>"), "netcoreapp3.1", "Api", false},
		{fmt.Sprintf(web, "<TargetFramework>netcoreapp2.1</TargetFramework>"), "", "", true},
		{fmt.Sprintf(web, "<TargetFramework>net8.0-windows</TargetFramework>"), "", "", true},
		{fmt.Sprintf(web, "<TargetFramework>$(Tfm)</TargetFramework>"), "", "", true},
		{fmt.Sprintf(web, "<TargetFrameworks>net8.0;net9.0</TargetFrameworks>"), "", "", true},
		{fmt.Sprintf(web, "<TargetFramework>net8.0</TargetFramework><AssemblyName>$(Name).Api</AssemblyName>"), "", "", true},
		{fmt.Sprintf(web, "<TargetFramework>net8.0</TargetFramework><OutputPath>out</OutputPath>"), "", "", true},
		{fmt.Sprintf(web, `<TargetFramework>net8.0</TargetFramework><RunArguments Condition="true">--x</RunArguments>`), "", "", true},
		{`<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`, "", "", true},
		{`<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`, "net8.0", "Api", false},
		{`<Project Sdk="Microsoft.NET.Sdk.BlazorWebAssembly"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`, "", "", true},
		{`<Project Sdk="Microsoft.NET.Sdk.Web"><Import Project="../common.props" /><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>`, "", "", true},
	} {
		tfm, asm, why := dotnetRunProperties("src/Api.csproj", tc.text)
		if tfm != tc.tfm || asm != tc.asm || (why != "") != tc.why {
			t.Errorf("dotnetRunProperties(%s) = %q, %q, %q; want %q, %q, why %v", tc.text, tfm, asm, why, tc.tfm, tc.asm, tc.why)
		}
	}
}

func TestDotnetBuildArgs(t *testing.T) {
	for _, tc := range []struct {
		args               []string
		config, out, other string
	}{
		{[]string{"dotnet", "build"}, "Debug", "", ""},
		{[]string{"dotnet", "build", "-c", "Release", "-o", "/app/out", "--no-restore"}, "Release", "/app/out", ""},
		{[]string{"dotnet", "build", "src/Api.csproj", "--configuration=Release", "--output=out", "-v", "q"}, "Release", "out", ""},
		{[]string{"dotnet", "build", "-r", "linux-x64", "-p:Version=1.0", "-o", "out"}, "Debug", "out", "-r"},
		{[]string{"dotnet", "build", "-c"}, "Debug", "", "-c"},
	} {
		config, out, other := dotnetBuildArgs(tc.args)
		if config != tc.config || out != tc.out || other != tc.other {
			t.Errorf("dotnetBuildArgs(%q) = %q, %q, %q; want %q, %q, %q", tc.args, config, out, other, tc.config, tc.out, tc.other)
		}
	}
}
