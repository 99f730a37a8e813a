#!/bin/sh
# Builds the Windows packages from a cross-build: BUILD_DIR/awsdns-VERSION-windows-x86_64.msi
# (wixl, cmake/awsdns.wxs) and .zip of the same files, laid out as installed under
# "Program Files\awsdns". Usage: test/windows/package.sh [BUILD_DIR] (default build-windows).
set -eu
source_dir="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="$(cd "${1:-$source_dir/build-windows}" && pwd)"
version="$(sed -n 's/^project(awsdns VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")"
name="awsdns-${version}-windows-x86_64"
stage="$build_dir/package/awsdns"

rm -rf "$build_dir/package"
mkdir -p "$stage/clusterpro" "$stage/examples"
cp "$build_dir/awsdns.exe" "$source_dir/README.md" "$source_dir/LICENSE" "$stage/"
cp "$source_dir"/scripts/clusterpro/windows/*.bat "$stage/clusterpro/"
for example in awsdns.yaml clpaws_setting.conf iam-policy.json squid.conf.fragment; do
    cp "$source_dir/examples/$example" "$stage/examples/"
done

# wixl accepts only relative source paths: it runs in the stage folder.
(cd "$stage" && wixl --arch x64 -D Version="$version" -D StageDir=. \
    -o "$build_dir/$name.msi" "$source_dir/cmake/awsdns.wxs")
# The system PATH entry (wixl has no <Environment>): "=-*PATH" = set at install, removed at
# uninstall, system-wide; "[~];" appends to the existing value.
environment_idt="$build_dir/package/Environment.idt"
printf 'Environment\tName\tValue\tComponent_\ns72\tl255\tL255\ts72\nEnvironment\tEnvironment\nSystemPath\t=-*PATH\t[~];[INSTALLDIR]\tExecutable\n' \
    >"$environment_idt"
msibuild "$build_dir/$name.msi" -i "$environment_idt" \
    -q "INSERT INTO InstallExecuteSequence (Action, Sequence) VALUES ('RemoveEnvironmentStrings', 3300)" \
    -q "INSERT INTO InstallExecuteSequence (Action, Sequence) VALUES ('WriteEnvironmentStrings', 5200)"
rm -f "$build_dir/$name.zip"
(cd "$build_dir/package" && zip -qr "$build_dir/$name.zip" awsdns)
rm -f "$environment_idt"
echo "$build_dir/$name.msi"
echo "$build_dir/$name.zip"
