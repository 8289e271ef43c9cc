#!/bin/sh
set -e
# Migrations first: the schema the app expects.
dotnet ef database update --project /src/Api.csproj
exec dotnet /app/Api.dll
