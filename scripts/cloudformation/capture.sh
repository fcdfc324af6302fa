#!/usr/bin/env bash
# Captures the live side of CloudFormation stacks with the AWS CLI, in the layout driftback reads:
#
#   OUTDIR/describe-stacks.json                       the given stacks only ({"Stacks": [...]})
#   OUTDIR/describe-stack-resources-<stack>.json      one per stack
#   OUTDIR/ec2/describe-security-groups.json          every security group of the region (so hand-made
#                                                     groups that belong to no stack show up)
#   OUTDIR/s3/<bucket>/get-public-access-block.json   for each AWS::S3::Bucket of the stacks
#   OUTDIR/s3/<bucket>/get-bucket-encryption.json
#   OUTDIR/s3/<bucket>/get-bucket-versioning.json     {} when versioning was never configured (the CLI
#                                                     prints nothing then)
#   OUTDIR/s3/<bucket>/get-bucket-tagging.json
#   OUTDIR/iam/<role>/get-role.json                   for each AWS::IAM::Role of the stacks
#   OUTDIR/iam/<role>/list-attached-role-policies.json
#   OUTDIR/iam/<role>/get-role-policy-<name>.json     one per inline policy (list-role-policies)
#
# When AWS answers that a configuration does not exist (NoSuchPublicAccessBlockConfiguration,
# ServerSideEncryptionConfigurationNotFoundError, NoSuchTagSet, NoSuchEntity, ...), no file is written.
# Any other error stops the capture. Files are JSON as `aws --output json` prints them.
#
# Credentials and region come from the usual AWS CLI settings. AWS_ENDPOINT_URL (for example a local
# moto server) is passed as --endpoint-url, so CLIs that predate AWS_ENDPOINT_URL honour it too.
#
# Usage: capture.sh OUTDIR STACK...
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $(basename "$0") OUTDIR STACK..." >&2
  exit 2
fi
out=$1
shift
command -v aws >/dev/null 2>&1 || { echo "capture.sh: the aws CLI is not installed" >&2; exit 2; }

# aws_json FILE ARGS...: runs `aws ARGS... --output json` into FILE. Returns 0 when written, 3 when AWS
# says the configuration does not exist (nothing written); any other failure stops the script.
aws_json() {
  local file=$1
  shift
  local err
  err=$(mktemp)
  mkdir -p "$(dirname "$file")"
  if aws ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} --output json "$@" >"$file.tmp" 2>"$err"; then
    # get-bucket-versioning on a bucket that never had versioning answers with an empty body.
    if [ ! -s "$file.tmp" ]; then echo "{}" >"$file.tmp"; fi
    mv "$file.tmp" "$file"
    rm -f "$err"
    return 0
  fi
  rm -f "$file.tmp"
  if grep -Eq '\((NoSuch[A-Za-z]*|[A-Za-z]*NotFoundError|NotFound)\)' "$err"; then
    rm -f "$err"
    return 3
  fi
  echo "capture.sh: aws $* failed:" >&2
  cat "$err" >&2
  rm -f "$err"
  exit 1
}

# aws_text ARGS...: one-value-per-line text output (for names to iterate over).
aws_text() {
  aws ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} --output text "$@" | tr '\t' '\n' | sed '/^None$/d;/^$/d'
}

mkdir -p "$out"

names=""
for stack in "$@"; do
  case $stack in
    *[!A-Za-z0-9-]* | "") echo "capture.sh: not a stack name: $stack" >&2; exit 2 ;;
  esac
  names="${names:+$names,}\"$stack\""
done

# The given stacks only, in the CLI's own shape.
aws_json "$out/describe-stacks.json" cloudformation describe-stacks \
  --query "{Stacks: Stacks[?contains(\`[$names]\`, StackName)]}"

buckets=""
roles=""
for stack in "$@"; do
  aws_json "$out/describe-stack-resources-$stack.json" cloudformation describe-stack-resources --stack-name "$stack"
  found=$(aws_text cloudformation describe-stack-resources --stack-name "$stack" \
    --query "StackResources[?ResourceType=='AWS::S3::Bucket'].PhysicalResourceId")
  buckets="$buckets$found"$'\n'
  found=$(aws_text cloudformation describe-stack-resources --stack-name "$stack" \
    --query "StackResources[?ResourceType=='AWS::IAM::Role'].PhysicalResourceId")
  roles="$roles$found"$'\n'
done

aws_json "$out/ec2/describe-security-groups.json" ec2 describe-security-groups

for bucket in $(printf '%s' "$buckets" | sed '/^$/d' | sort -u); do
  for call in get-public-access-block get-bucket-encryption get-bucket-versioning get-bucket-tagging; do
    if ! aws_json "$out/s3/$bucket/$call.json" s3api "$call" --bucket "$bucket"; then
      if [ "$call" = get-bucket-versioning ]; then
        echo "capture.sh: bucket $bucket does not exist any more" >&2
        break
      fi
    fi
  done
done

for role in $(printf '%s' "$roles" | sed '/^$/d' | sort -u); do
  if ! aws_json "$out/iam/$role/get-role.json" iam get-role --role-name "$role"; then
    echo "capture.sh: role $role does not exist any more" >&2
    continue
  fi
  aws_json "$out/iam/$role/list-attached-role-policies.json" iam list-attached-role-policies --role-name "$role" || true
  policies=$(aws_text iam list-role-policies --role-name "$role" --query 'PolicyNames[]')
  for policy in $(printf '%s\n' "$policies" | sed '/^$/d' | sort); do
    aws_json "$out/iam/$role/get-role-policy-$policy.json" iam get-role-policy --role-name "$role" \
      --policy-name "$policy" || true
  done
done
