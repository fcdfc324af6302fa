#!/usr/bin/env bash
# End-to-end run of driftback against a real AWS API (moto, in server mode, on loopback):
#
#   1. starts moto (moto_server.py next to this file) on a free 127.0.0.1 port;
#   2. copies iac-samples/cloudformation to WORKDIR/iac and creates the stacks shop-edge and shop-logs;
#   3. changes things behind CloudFormation's back: authorizes tcp 9100 from 10.1.0.0/16 ("node
#      exporter") and revokes tcp 8080 from 0.0.0.0/0 on the web security group, and puts a full
#      public-access block on the assets bucket;
#   4. captures into WORKDIR/capture1/cloudformation (capture.sh);
#   5. DRIFTBACK report --iac WORKDIR/iac --live WORKDIR/capture1 --format json > WORKDIR/report1.json
#      (exit 1 expected: drift);
#   6. DRIFTBACK backport --iac WORKDIR/iac --live WORKDIR/capture1 --apply (the hardening changes), then
#      the same with --finding ID --force for the 9100 rule: a rule added by hand widens access, so its
#      action is revert, and the team accepts it by naming it;
#   7. update-stack for every stack whose template or parameters file the back-port changed;
#   8. captures into WORKDIR/capture2/cloudformation and checks that the update changed no live value
#      (else the back-port missed a runtime change and the update reverted it);
#   9. reports again into WORKDIR/report2.json (exit 0 expected: in sync).
# moto is always stopped on exit.
#
# Exit status: 0 when every step did what was expected, 1 when one did not (the step is named on
# stderr), 77 when the run cannot happen here (aws CLI or moto missing: the caller should skip).
# Extra arguments for both driftback commands can be given in DRIFTBACK_EXTRA_ARGS (split on spaces).
#
# Usage: moto-e2e.sh WORKDIR DRIFTBACK_BINARY
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $(basename "$0") WORKDIR DRIFTBACK_BINARY" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$1"
work=$(cd "$1" && pwd)
driftback=$2
case $driftback in /*) ;; *) driftback="$PWD/$driftback" ;; esac
read -r -a extra <<<"${DRIFTBACK_EXTRA_ARGS:-}"

skip() { echo "moto-e2e: SKIP: $*" >&2; exit 77; }
fail() { echo "moto-e2e: FAILED: $*" >&2; exit 1; }
step() { echo "moto-e2e: $*" >&2; }

command -v aws >/dev/null 2>&1 || skip "the aws CLI is not installed (pip install awscli)"
python=${PYTHON:-python3}
"$python" -c 'import moto.server' >/dev/null 2>&1 || skip "moto is not installed for $python (pip install 'moto[server]')"
[ -x "$driftback" ] || fail "$driftback is not an executable"

# A private AWS CLI configuration: nothing from the user's profiles, credentials or region leaks in.
rm -rf "$work/iac" "$work/iac.orig" "$work/capture1" "$work/capture2" "$work/report1.json" "$work/report2.json" "$work/aws"
mkdir -p "$work/aws"
: >"$work/aws/config"
: >"$work/aws/credentials"
export AWS_CONFIG_FILE="$work/aws/config" AWS_SHARED_CREDENTIALS_FILE="$work/aws/credentials"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION

moto_pid=""
stop_moto() {
  if [ -n "$moto_pid" ] && kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$moto_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  moto_pid=""
}
trap stop_moto EXIT
trap 'stop_moto; exit 130' INT
trap 'stop_moto; exit 143' TERM

# moto on a free port: ask the kernel for one, retry when another process takes it first.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  "$python" "$here/moto_server.py" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  moto_pid=$!
  if "$python" - "$port" "$moto_pid" <<'EOF'
import os, sys, time, urllib.request
port, pid = sys.argv[1], int(sys.argv[2])
for _ in range(150):
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(1)
EOF
  then
    break
  fi
  stop_moto
  [ "$attempt" -lt 10 ] || fail "moto did not start (see $work/moto.log)"
done
export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
step "moto listening on $AWS_ENDPOINT_URL (pid $moto_pid)"

awsx() { aws --endpoint-url "$AWS_ENDPOINT_URL" --output json "$@"; }

cp -R "$root/iac-samples/cloudformation" "$work/iac"
cp -R "$root/iac-samples/cloudformation" "$work/iac.orig"  # to see what the back-port changed

step "create-stack shop-edge, shop-logs"
awsx cloudformation create-stack --stack-name shop-edge --template-body "file://$work/iac/shop-edge.yaml" \
  --parameters "file://$work/iac/shop-edge.parameters.json" --capabilities CAPABILITY_NAMED_IAM >/dev/null \
  || fail "create-stack shop-edge"
awsx cloudformation create-stack --stack-name shop-logs --template-body "file://$work/iac/shop-logs.json" >/dev/null \
  || fail "create-stack shop-logs"
awsx cloudformation wait stack-create-complete --stack-name shop-edge || fail "shop-edge did not reach CREATE_COMPLETE"
awsx cloudformation wait stack-create-complete --stack-name shop-logs || fail "shop-logs did not reach CREATE_COMPLETE"

group=$(awsx cloudformation describe-stack-resource --stack-name shop-edge --logical-resource-id WebSecurityGroup \
  --query StackResourceDetail.PhysicalResourceId --output text) || fail "describe-stack-resource WebSecurityGroup"
bucket=$(awsx cloudformation describe-stack-resource --stack-name shop-edge --logical-resource-id AssetsBucket \
  --query StackResourceDetail.PhysicalResourceId --output text) || fail "describe-stack-resource AssetsBucket"

step "runtime changes: +tcp/9100 from 10.1.0.0/16, -tcp/8080 from 0.0.0.0/0 on $group; public-access block on $bucket"
awsx ec2 authorize-security-group-ingress --group-id "$group" \
  --ip-permissions 'IpProtocol=tcp,FromPort=9100,ToPort=9100,IpRanges=[{CidrIp=10.1.0.0/16,Description="node exporter"}]' \
  >/dev/null || fail "authorize-security-group-ingress"
awsx ec2 revoke-security-group-ingress --group-id "$group" --protocol tcp --port 8080 --cidr 0.0.0.0/0 >/dev/null \
  || fail "revoke-security-group-ingress"
awsx s3api put-public-access-block --bucket "$bucket" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true \
  || fail "put-public-access-block"

step "capture 1"
"$here/capture.sh" "$work/capture1/cloudformation" shop-edge shop-logs || fail "capture 1"

run_driftback() { # run_driftback OUTFILE ARGS...: the exit code in $rc
  local out=$1
  shift
  rc=0
  if [ "$out" = - ]; then
    "$driftback" "$@" ${extra[@]+"${extra[@]}"} >&2 || rc=$?
  else
    "$driftback" "$@" ${extra[@]+"${extra[@]}"} >"$out" || rc=$?
  fi
}

step "report 1"
run_driftback "$work/report1.json" report --iac "$work/iac" --live "$work/capture1" --format json
[ "$rc" -eq 1 ] || fail "report 1 exited $rc, 1 (drift) expected; see $work/report1.json"
report1=$rc

step "backport --apply"
run_driftback - backport --iac "$work/iac" --live "$work/capture1" --apply
[ "$rc" -eq 0 ] || fail "backport --apply exited $rc, 0 expected (every runtime change of this run is back-portable)"
backport=$rc

step "backport --apply --finding (the accepted 9100 rule) --force"
accepted=$("$python" - "$work/report1.json" <<'EOF'
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
print(" ".join(f["id"] for f in findings if "FromPort=9100" in f["path"] and f["action"] == "revert"))
EOF
) || fail "cannot read $work/report1.json"
[ -n "$accepted" ] || fail "report 1 has no revert finding for the 9100 rule"
run_driftback - backport --iac "$work/iac" --live "$work/capture1" --apply --finding "$accepted" --force
[ "$rc" -eq 0 ] || fail "backport --apply --finding $accepted --force exited $rc, 0 expected"
changes=0
diff -ru "$work/iac.orig" "$work/iac" >"$work/backport.diff" || changes=$?
[ "$changes" -eq 1 ] || fail "backport --apply changed no file in $work/iac"

update() { # update STACK TEMPLATE [PARAMETERS]
  local stack=$1 template=$2 parameters=${3:-}
  local changed=no
  cmp -s "$work/iac.orig/$template" "$work/iac/$template" || changed=yes
  if [ -n "$parameters" ]; then cmp -s "$work/iac.orig/$parameters" "$work/iac/$parameters" || changed=yes; fi
  [ "$changed" = yes ] || return 0
  step "update-stack $stack"
  awsx cloudformation update-stack --stack-name "$stack" --template-body "file://$work/iac/$template" \
    ${parameters:+--parameters "file://$work/iac/$parameters"} --capabilities CAPABILITY_NAMED_IAM >/dev/null \
    || fail "update-stack $stack"
  awsx cloudformation wait stack-update-complete --stack-name "$stack" || fail "$stack did not reach UPDATE_COMPLETE"
  updated="$updated $stack"
}
updated=""
update shop-edge shop-edge.yaml shop-edge.parameters.json
update shop-logs shop-logs.json
[ -n "$updated" ] || fail "the back-port changed no stack's template or parameters"

step "capture 2"
"$here/capture.sh" "$work/capture2/cloudformation" shop-edge shop-logs || fail "capture 2"

# update-stack sets the resources to the patched templates: if the back-port kept every runtime change,
# the live state is what it was before the update. Otherwise the update reverted something and a clean
# second report would prove nothing.
step "check: update-stack kept the runtime changes"
"$python" - "$work/capture1/cloudformation" "$work/capture2/cloudformation" <<'EOF' || fail "update-stack reverted runtime changes: the back-port did not carry them into the templates"
import json, sys
from pathlib import Path
before, after = Path(sys.argv[1]), Path(sys.argv[2])

def groups(folder):
    result = {}
    for group in json.loads((folder / "ec2/describe-security-groups.json").read_text())["SecurityGroups"]:
        atoms = set()
        for direction, key in (("in", "IpPermissions"), ("out", "IpPermissionsEgress")):
            for p in group.get(key, []):
                head = (direction, p["IpProtocol"], p.get("FromPort"), p.get("ToPort"))
                for r in p.get("IpRanges", []): atoms.add(head + ("cidr", r["CidrIp"], r.get("Description")))
                for r in p.get("Ipv6Ranges", []): atoms.add(head + ("cidr6", r["CidrIpv6"], r.get("Description")))
                for r in p.get("PrefixListIds", []): atoms.add(head + ("pl", r["PrefixListId"], r.get("Description")))
                for r in p.get("UserIdGroupPairs", []): atoms.add(head + ("sg", r.get("GroupId"), r.get("Description")))
        tags = {(t["Key"], t["Value"]) for t in group.get("Tags", []) if not t["Key"].startswith("aws:")}
        result[group["GroupName"]] = (atoms, tags)
    return result

def documents(folder):
    result = {}
    for path in sorted(list(folder.glob("s3/*/*.json")) + list(folder.glob("iam/*/*.json"))):
        value = json.loads(path.read_text())
        if path.name == "get-role.json":
            value["Role"].pop("RoleLastUsed", None)
        if path.name == "get-bucket-tagging.json":
            value = sorted((t["Key"], t["Value"]) for t in value["TagSet"])
        if path.name == "list-attached-role-policies.json":
            value = sorted(p["PolicyArn"] for p in value["AttachedPolicies"])
        result[str(path.relative_to(folder))] = value
    return result

problems = []
g1, g2 = groups(before), groups(after)
for name in sorted(set(g1) | set(g2)):
    if name not in g1 or name not in g2:
        problems.append(f"security group {name}: {'gone' if name in g1 else 'new'}")
        continue
    (a1, t1), (a2, t2) = g1[name], g2[name]
    for atom in sorted(a1 - a2, key=str): problems.append(f"security group {name}: rule lost {atom}")
    for atom in sorted(a2 - a1, key=str): problems.append(f"security group {name}: rule added {atom}")
    if t1 != t2: problems.append(f"security group {name}: tags {sorted(t1)} -> {sorted(t2)}")
d1, d2 = documents(before), documents(after)
for name in sorted(set(d1) | set(d2)):
    if d1.get(name) != d2.get(name):
        problems.append(f"{name}: {json.dumps(d1.get(name))} -> {json.dumps(d2.get(name))}")
for problem in problems:
    print(f"moto-e2e:   {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF

step "report 2"
run_driftback "$work/report2.json" report --iac "$work/iac" --live "$work/capture2" --format json
[ "$rc" -eq 0 ] || fail "report 2 exited $rc, 0 (in sync) expected; see $work/report2.json"

cat >&2 <<EOF
moto-e2e: OK
  report 1:  exit $report1 (drift)    $work/report1.json
  backport:  exit $backport           $work/backport.diff
  updated:  $updated
  report 2:  exit 0 (in sync)  $work/report2.json
EOF
sed 's/^/  | /' "$work/backport.diff" >&2
