#!/bin/sh
# Builds the .rpm from the tree build/stage.sh staged. Usage: rpm.sh REPO_DIR OUT_DIR MAVEN_VERSION
# rpmbuild comes from Debian's rpm package; no compilation happens in the spec.
set -eu
repo=$(cd "$1" && pwd) out=$(cd "$2" && pwd)
# RPM versions may not contain '-'; '~' sorts a pre-release before the release, like Debian's
version=$(echo "$3" | sed 's/-/~/g')
rm -rf "$out/rpmbuild"
rpmbuild -bb --quiet \
  --define "_topdir $out/rpmbuild" \
  --define "_rpmdir $out" \
  --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
  --define "_stage $out/root" \
  --define "_version $version" \
  "$repo/packaging/rpm/guestdiag.spec"
ls "$out"/guestdiag-*.rpm
