#!/usr/bin/env bash
# Confirm a generated Terraform estate with Terraform itself, offline.
#
#   scripts/bench/tfplan_check.sh DIR       (DIR from generate_terraform.py)
#
# Copies DIR/iac and DIR/live/terraform.tfstate into DIR/.tfplan/ with overrides for offline use
# (local backend, dummy credentials, the caller-identity data source replaced by the account ID it
# holds in the state), runs `terraform init` from a local provider mirror and
# `terraform plan -refresh=false`, and checks that the plan changes exactly the planted resources:
# an update for every planted drift, a delete for every resource in state but not in code, nothing
# else. Needs `terraform` and hashicorp/aws v5 in a filesystem mirror
# (TF_PLUGIN_MIRROR, default /opt/tf-plugins). Exit 0 when the plan matches planted.json.
set -euo pipefail

est="${1:?usage: tfplan_check.sh DIR}"
est="$(cd "$est" && pwd)"
mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
command -v terraform >/dev/null || { echo "tfplan_check.sh: terraform not found" >&2; exit 2; }
[ -d "$mirror" ] || { echo "tfplan_check.sh: no provider mirror at $mirror" >&2; exit 2; }

work="$est/.tfplan"
rm -rf "$work"
mkdir -p "$work"
cp "$est"/iac/* "$work"/
cat > "$work/.cli.tfrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
EOF
cat > "$work/override.tf" <<'EOF'
terraform {
  backend "local" {}
}

provider "aws" {
  access_key                  = "AKIAEXAMPLEEXAMPLE00"
  secret_key                  = "example"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
EOF
python3 - "$est/live/terraform.tfstate" "$work" <<'EOF'
import glob, json, os, re, sys
state = json.load(open(sys.argv[1]))
work = sys.argv[2]
account = None
for r in state["resources"]:
    if r["mode"] == "data" and r["type"] == "aws_caller_identity":
        account = r["instances"][0]["attributes"]["account_id"]
state["resources"] = [r for r in state["resources"] if r["mode"] != "data"]
json.dump(state, open(os.path.join(work, "terraform.tfstate"), "w"), indent=2)
for path in glob.glob(os.path.join(work, "*.tf")):
    text = open(path).read()
    new = text.replace("${data.aws_caller_identity.current.account_id}", account or "")
    new = re.sub(r'^data "aws_caller_identity" "current" \{\}\n', "", new, flags=re.M)
    if new != text:
        open(path, "w").write(new)
EOF
cd "$work"
export TF_CLI_CONFIG_FILE="$work/.cli.tfrc" TF_IN_AUTOMATION=1
terraform init -input=false -no-color >init.log 2>&1 || { tail -n 20 init.log >&2; exit 2; }
terraform plan -refresh=false -lock=false -input=false -no-color -out=plan.bin >plan.log 2>&1 \
    || { tail -n 30 plan.log >&2; exit 2; }
terraform show -json plan.bin >plan.json
rm -rf .terraform plan.bin   # the provider copy is large; plan.json and the logs stay
python3 - "$work/plan.json" "$est/planted.json" <<'EOF'
import json, sys
plan = json.load(open(sys.argv[1]))
planted = json.load(open(sys.argv[2]))
want = {d["address"]: ("update",) for d in planted["drifted"]}
want.update({u["address"]: ("delete",) for u in planted["unmanaged"]})
got = {rc["address"]: tuple(rc["change"]["actions"]) for rc in plan["resource_changes"]
       if tuple(rc["change"]["actions"]) != ("no-op",)}
bad = sorted(a for a in set(want) | set(got) if want.get(a) != got.get(a))
print(f"terraform plan -refresh=false: {len(got)} changes, planted {len(want)}: "
      + ("OK" if not bad else f"{len(bad)} differ"))
for a in bad[:10]:
    print(f"  {a}: plan {got.get(a, 'no-op')}, planted {want.get(a, 'no-op')}")
sys.exit(1 if bad else 0)
EOF
