#!/usr/bin/env bash
# Collects an AWS account snapshot for segproof: one JSON file per describe-*
# call, in OUT/<account>/<region>/, the layout tests/snapshots/README.md
# describes (file names, commands, and the fields segproof reads).
#
# Read-only: it calls only describe-*, search-* and get-* APIs. It needs the
# AWS CLI v2 and jq, and credentials allowed to make those calls (the AWS
# managed policy ReadOnlyAccess, or ViewOnlyAccess plus
# ec2:SearchTransitGatewayRoutes and ec2:GetManagedPrefixListEntries).
#
# Never run by the tests: they read the fixtures under tests/snapshots/.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/snapshot-aws.sh --out DIR [--region R]... [--profile P]...

Collect an AWS account snapshot for segproof (read-only calls only).

  --out DIR       where to write; files go to DIR/<account>/<region>/
  --region R      a region to collect (repeatable, or comma-separated);
                  default: the profile's configured region
  --profile P     an AWS CLI profile (repeatable: one account per profile);
                  default: the CLI's default credentials
  -h, --help      this text

Examples:
  scripts/snapshot-aws.sh --out snap --region eu-west-1
  scripts/snapshot-aws.sh --out snap --profile prod --profile staging \
      --region eu-west-1,us-east-1
  segproof check snap -q queries.yaml

Each call's pages are merged by the CLI (--output json). Calls made per
parent (listeners per load balancer, target health per target group, routes
per transit gateway route table, entries per prefix list) are merged into
one file each. A call the account cannot make (a service not enabled in the
region, a missing permission) stops the script with the CLI's message.
EOF
}

die() { echo "snapshot-aws: $*" >&2; exit 2; }

out=""
regions=()
profiles=()
while (($#)); do
  case "$1" in
    --out) (($# >= 2)) || die "--out needs a directory"; out=$2; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    --region) (($# >= 2)) || die "--region needs a value"; IFS=, read -ra r <<<"$2"; regions+=("${r[@]}"); shift 2 ;;
    --region=*) IFS=, read -ra r <<<"${1#*=}"; regions+=("${r[@]}"); shift ;;
    --profile) (($# >= 2)) || die "--profile needs a value"; profiles+=("$2"); shift 2 ;;
    --profile=*) profiles+=("${1#*=}"); shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ -n $out ]] || { usage >&2; die "--out is required"; }
command -v aws >/dev/null || die "the AWS CLI (aws) is not installed"
command -v jq >/dev/null || die "jq is not installed"

# The AWS CLI with the current profile and region, JSON output, no pager.
# "$profile" empty means the default credential chain.
awsc() {
  local args=(--output json --no-cli-pager --region "$region")
  [[ -n $profile ]] && args+=(--profile "$profile")
  aws "${args[@]}" "$@"
}

# One call, one file: DIR/NAME.json gets the call's merged output.
collect() {
  local name=$1
  shift
  echo "  $name.json" >&2
  awsc "$@" >"$dir/$name.json.tmp"
  mv "$dir/$name.json.tmp" "$dir/$name.json"
}

# Calls made once per parent id (read one per line from standard input),
# merged into one file:
#   {"KEY": [ {"PARENT_FIELD": id, ...that call's output...}, ... ]}
# A call's output is reduced by FILTER (a jq expression over one response).
collect_per_parent() {
  local name=$1 key=$2 parent_field=$3 filter=$4
  shift 4
  # The remaining arguments are the call, with {} standing for the id.
  local call=("$@") parts=() id
  echo "  $name.json" >&2
  while read -r id; do
    [[ -n $id ]] || continue
    local args=("${call[@]//\{\}/$id}")
    awsc "${args[@]}" </dev/null | jq --arg id "$id" --arg f "$parent_field" "{(\$f): \$id} + ($filter)" \
      >"$dir/.part.$((${#parts[@]}))"
    parts+=("$dir/.part.$((${#parts[@]}))")
  done
  if ((${#parts[@]})); then
    jq -s --arg k "$key" '{($k): .}' "${parts[@]}" >"$dir/$name.json"
    rm -f "${parts[@]}"
  else
    jq -n --arg k "$key" '{($k): []}' >"$dir/$name.json"
  fi
}

snapshot_region() {
  echo "$account/$region" >&2
  dir="$out/$account/$region"
  mkdir -p "$dir"

  collect Vpcs ec2 describe-vpcs
  collect Subnets ec2 describe-subnets
  collect RouteTables ec2 describe-route-tables
  collect SecurityGroups ec2 describe-security-groups
  collect NetworkAcls ec2 describe-network-acls
  collect NetworkInterfaces ec2 describe-network-interfaces
  collect Reservations ec2 describe-instances
  collect InternetGateways ec2 describe-internet-gateways
  collect EgressOnlyInternetGateways ec2 describe-egress-only-internet-gateways
  collect NatGateways ec2 describe-nat-gateways
  collect VpcPeeringConnections ec2 describe-vpc-peering-connections
  collect TransitGateways ec2 describe-transit-gateways
  collect TransitGatewayAttachments ec2 describe-transit-gateway-attachments
  collect TransitGatewayVpcAttachments ec2 describe-transit-gateway-vpc-attachments
  collect TransitGatewayRouteTables ec2 describe-transit-gateway-route-tables
  collect VpcEndpoints ec2 describe-vpc-endpoints
  collect PrefixLists ec2 describe-managed-prefix-lists
  collect Addresses ec2 describe-addresses
  collect LoadBalancers elbv2 describe-load-balancers
  collect TargetGroups elbv2 describe-target-groups
  collect DBInstances rds describe-db-instances

  # search-transit-gateway-routes is not paginated: it returns at most 1000
  # routes and says AdditionalRoutesAvailable when it cut the table.
  jq -r '.TransitGatewayRouteTables[].TransitGatewayRouteTableId' "$dir/TransitGatewayRouteTables.json" |
    collect_per_parent TransitGatewayRoutes TransitGatewayRoutes TransitGatewayRouteTableId \
      '{Routes, AdditionalRoutesAvailable}' \
      ec2 search-transit-gateway-routes --transit-gateway-route-table-id '{}' \
      --filters Name=type,Values=static,propagated
  jq -r '.PrefixLists[].PrefixListId' "$dir/PrefixLists.json" |
    collect_per_parent PrefixListEntries PrefixListEntries PrefixListId '{Entries}' \
      ec2 get-managed-prefix-list-entries --prefix-list-id '{}'
  # Listeners name their load balancer: their arrays are simply concatenated.
  jq -r '.LoadBalancers[].LoadBalancerArn' "$dir/LoadBalancers.json" |
    collect_per_parent Listeners.parts Listeners LoadBalancerArn '{Listeners}' \
      elbv2 describe-listeners --load-balancer-arn '{}'
  jq '{Listeners: [.Listeners[].Listeners[]]}' "$dir/Listeners.parts.json" >"$dir/Listeners.json"
  rm -f "$dir/Listeners.parts.json"
  jq -r '.TargetGroups[].TargetGroupArn' "$dir/TargetGroups.json" |
    collect_per_parent TargetHealth TargetHealth TargetGroupArn '{TargetHealthDescriptions}' \
      elbv2 describe-target-health --target-group-arn '{}'
}

((${#profiles[@]})) || profiles=("")
for profile in "${profiles[@]}"; do
  account=$(aws ${profile:+--profile "$profile"} --output text --no-cli-pager \
    sts get-caller-identity --query Account) || die "cannot read the account of profile '${profile:-default}'"
  profile_regions=("${regions[@]}")
  if ((${#profile_regions[@]} == 0)); then
    default_region=$(aws ${profile:+--profile "$profile"} configure get region || true)
    [[ -n $default_region ]] || die "no --region given and profile '${profile:-default}' has no region"
    profile_regions=("$default_region")
  fi
  for region in "${profile_regions[@]}"; do
    snapshot_region
  done
done
echo "snapshot written to $out" >&2
