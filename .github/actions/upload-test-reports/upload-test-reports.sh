#!/usr/bin/env bash
# Uploads a job's JUnit XML files to Greenboard (POST /api/v1/test-reports) with the job's identity from the
# GitHub Actions environment. Run by action.yml; runnable by hand with the same variables set (see test/).
#
# Inputs (environment): GREENBOARD_URL, GREENBOARD_TOKEN, GREENBOARD_PATH, GREENBOARD_LABELS, GREENBOARD_JOB_NAME,
# GREENBOARD_INVOKING_FILE, GREENBOARD_RETRIES, GREENBOARD_GITHUB_TOKEN, GREENBOARD_PR_HEAD_SHA, GREENBOARD_MATRIX, and the GITHUB_*
# and RUNNER_* variables Actions sets.
set -euo pipefail

fail() {
  echo "::error title=Greenboard upload failed::$*"
  exit 1
}
notice() { echo "::notice title=Greenboard::$*"; }
warn() { echo "::warning title=Greenboard::$*"; }

url="${GREENBOARD_URL:-}"
url="${url%/}"
[ -n "$url" ] || fail "input 'url' is empty"
if [ -z "${GREENBOARD_TOKEN:-}" ]; then
  # Workflows of pull requests from forks get no secrets: their reports cannot be uploaded, and that is no failure.
  warn "input 'token' is empty (pull requests from forks get no secrets): nothing uploaded"
  exit 0
fi
for variable in GITHUB_REPOSITORY GITHUB_RUN_ID GITHUB_SHA; do
  [ -n "${!variable:-}" ] || fail "$variable is not set: this script runs inside GitHub Actions"
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
umask 077

# ---------------------------------------------------------------------------------------------------------------------
# JSON: jq where it is (every GitHub-hosted runner), else python3, else nothing (the lookups that need it are skipped).
# Values reach jq/python through arguments and the environment, never through the program text.
# ---------------------------------------------------------------------------------------------------------------------
json_tool=""
if command -v jq >/dev/null 2>&1; then
  json_tool=jq
elif command -v python3 >/dev/null 2>&1; then
  json_tool=python3
fi

# json_query FILE JQ_PROGRAM PYTHON_EXPRESSION: prints the value (empty when absent or unreadable). The Python
# expression sees the document as `d` and the environment as `env`.
json_query() {
  local file="$1" jq_program="$2" python_expression="$3"
  case "$json_tool" in
    jq) jq -r "$jq_program" "$file" 2>/dev/null || true ;;
    python3)
      python3 -c '
import json, os, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
    value = eval(sys.argv[2], {"d": d, "env": os.environ})
except Exception:
    value = None
if value is not None:
    print(value)
' "$file" "$python_expression" 2>/dev/null || true
      ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum | cut -d' ' -f1
  else
    shasum -a 256 | cut -d' ' -f1
  fi
}

urlencode() {
  local LC_ALL=C text="$1" out="" char hex i
  for ((i = 0; i < ${#text}; i++)); do
    char="${text:i:1}"
    case "$char" in
      [a-zA-Z0-9.~_-]) out+="$char" ;;
      *)
        printf -v hex '%%%02X' "'$char"
        out+="$hex"
        ;;
    esac
  done
  printf '%s' "$out"
}

# ---------------------------------------------------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------------------------------------------------
patterns="${GREENBOARD_PATH:-**/test-reports/**/*.xml}"
files=()
if shopt -s globstar nullglob 2>/dev/null; then
  while IFS= read -r pattern; do
    pattern="${pattern#"${pattern%%[![:space:]]*}"}"
    pattern="${pattern%"${pattern##*[![:space:]]}"}"
    [ -n "$pattern" ] || continue
    # Word splitting off, globbing on: a pattern with spaces stays one pattern.
    IFS=$'\n'
    # shellcheck disable=SC2206
    matched=($pattern)
    unset IFS
    for file in ${matched[@]+"${matched[@]}"}; do
      [ -f "$file" ] && files+=("$file")
    done
  done <<<"$patterns"
else
  # bash 3 (macOS's /bin/bash) has no globstar: find's -path, where '*' also crosses '/', stands in for it.
  while IFS= read -r pattern; do
    [ -n "$pattern" ] || continue
    pattern="${pattern//\*\*\//*}"
    while IFS= read -r file; do
      files+=("${file#./}")
    done < <(find . -type f -path "./$pattern" | sort)
  done <<<"$patterns"
fi
if [ "${#files[@]}" -eq 0 ]; then
  notice "No file matches '${patterns//$'\n'/, }': nothing uploaded"
  [ -z "${GITHUB_OUTPUT:-}" ] || { echo "report-ids="; echo "uploaded-files=0"; } >>"$GITHUB_OUTPUT"
  exit 0
fi
# One file once, in a stable order (two globs may match the same file).
mapfile_sorted() {
  printf '%s\n' "${files[@]}" | LC_ALL=C sort -u
}
files_sorted=()
while IFS= read -r file; do files_sorted+=("$file"); done < <(mapfile_sorted)
files=("${files_sorted[@]}")

# ---------------------------------------------------------------------------------------------------------------------
# The job's identity
# ---------------------------------------------------------------------------------------------------------------------
repo="$GITHUB_REPOSITORY"
run_id="$GITHUB_RUN_ID"
run_attempt="${GITHUB_RUN_ATTEMPT:-1}"
workflow_name="${GITHUB_WORKFLOW:-}"

# Greenboard files a job under the commit GitHub's workflow_job names: for pull requests the PR's head, not the merge
# commit in GITHUB_SHA.
sha="${GREENBOARD_PR_HEAD_SHA:-}"
if [ -z "$sha" ] && [[ "${GITHUB_EVENT_NAME:-}" == pull_request* ]] && [ -r "${GITHUB_EVENT_PATH:-}" ]; then
  sha="$(json_query "$GITHUB_EVENT_PATH" '.pull_request.head.sha // empty' 'd["pull_request"]["head"]["sha"]')"
  [ -n "$sha" ] || warn "Cannot read the pull request's head commit from the event; filing the report under GITHUB_SHA"
fi
sha="${sha:-$GITHUB_SHA}"
branch="${GITHUB_HEAD_REF:-${GITHUB_REF_NAME:-}}"

# The job's display name and id, as the workflow_job webhook gives them, come only from the REST API: the Actions
# context has the job's YAML key (github.job), not its name, and no job id.
job_name="${GREENBOARD_JOB_NAME:-}"
job_id=""
if [ -n "${GREENBOARD_GITHUB_TOKEN:-}" ] && [ -n "$json_tool" ] && [ -n "${RUNNER_NAME:-}" ]; then
  api="${GITHUB_API_URL:-https://api.github.com}"
  printf 'Authorization: Bearer %s\n' "$GREENBOARD_GITHUB_TOKEN" >"$tmp/github-headers"
  for page in 1 2 3 4 5; do
    status="$(curl --silent --show-error --retry 3 --retry-connrefused --connect-timeout 10 --max-time 30 \
      -H @"$tmp/github-headers" -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' \
      -o "$tmp/jobs.json" -w '%{http_code}' \
      "$api/repos/$repo/actions/runs/$run_id/attempts/$run_attempt/jobs?per_page=100&page=$page" 2>"$tmp/curl-error")" ||
      status="000"
    if [ "$status" != "200" ]; then
      warn "Cannot look up this job's name and id (GitHub answered $status; the token needs 'actions: read'); set the input job-name to be sure of the name"
      break
    fi
    # The job running on this runner now is this job.
    found="$(RUNNER="$RUNNER_NAME" json_query "$tmp/jobs.json" \
      '[.jobs[] | select(.runner_name == env.RUNNER and .status == "in_progress")][0] | select(. != null) | "\(.id)\t\(.name)"' \
      '"".join(["%s\t%s" % (j["id"], j["name"]) for j in d["jobs"] if j.get("runner_name") == env["RUNNER"] and j.get("status") == "in_progress"][:1]) or None')"
    if [ -n "$found" ]; then
      job_id="${found%%$'\t'*}"
      [ -n "$job_name" ] || job_name="${found#*$'\t'}"
      break
    fi
    count="$(json_query "$tmp/jobs.json" '.jobs | length' 'len(d["jobs"])')"
    [ "${count:-0}" -ge 100 ] || break
  done
fi
if [ -z "$job_name" ]; then
  # GitHub's default name of a matrix job: its key, then the matrix values in parentheses.
  job_name="${GITHUB_JOB:-}"
  matrix="${GREENBOARD_MATRIX:-}"
  if [ -n "$job_name" ] && [ -n "$matrix" ] && [ "$matrix" != "null" ] && [ -n "$json_tool" ]; then
    printf '%s' "$matrix" >"$tmp/matrix.json"
    values="$(json_query "$tmp/matrix.json" \
      '[.[] | select(type != "object" and type != "array") | tostring] | join(", ")' \
      '", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in d.values() if not isinstance(v, (dict, list)))')"
    [ -z "$values" ] || job_name="$job_name ($values)"
  fi
fi

# ---------------------------------------------------------------------------------------------------------------------
# The request
# ---------------------------------------------------------------------------------------------------------------------
query="repo=$(urlencode "$repo")&sha=$(urlencode "$sha")&workflow_run_id=$(urlencode "$run_id")"
query+="&run_attempt=$(urlencode "$run_attempt")"
[ -z "$workflow_name" ] || query+="&workflow_name=$(urlencode "$workflow_name")"
[ -z "$branch" ] || query+="&branch=$(urlencode "$branch")"
[ -z "$job_name" ] || query+="&job_name=$(urlencode "$job_name")"
[ -z "$job_id" ] || query+="&job_id=$(urlencode "$job_id")"
[ -z "${GREENBOARD_INVOKING_FILE:-}" ] || query+="&invoking_file=$(urlencode "$GREENBOARD_INVOKING_FILE")"
while IFS= read -r label; do
  label="${label#"${label%%[![:space:]]*}"}"
  label="${label%"${label##*[![:space:]]}"}"
  [ -n "$label" ] || continue
  [[ "$label" == *=* ]] || fail "Label '$label' is not key=value"
  query+="&label=$(urlencode "$label")"
done <<<"${GREENBOARD_LABELS:-}"
endpoint="$url/api/v1/test-reports?$query"

printf 'Authorization: Bearer %s\n' "$GREENBOARD_TOKEN" >"$tmp/headers"
retries="${GREENBOARD_RETRIES:-5}"
[[ "$retries" =~ ^[0-9]+$ ]] || fail "input 'retries' must be a number, got '$retries'"
retry_options=(--retry "$retries" --retry-connrefused --retry-max-time 120)
# A reset connection or an empty answer is worth a retry too: the Idempotency-Key keeps a repeat from counting twice.
if curl --help all 2>/dev/null | grep -q -- '--retry-all-errors'; then
  retry_options+=(--retry-all-errors)
fi

# The same job, attempt and files give the same key, so a retried upload is taken as a duplicate.
identity="$(printf '%s\n' "$repo" "$run_id" "$run_attempt" "${job_id:-$job_name}" "${GREENBOARD_LABELS:-}" \
  "${GREENBOARD_INVOKING_FILE:-}")"
file_hashes=""
for file in "${files[@]}"; do
  file_hashes+="$(sha256 <"$file") $file"$'\n'
done

report_ids=()
uploaded=0
# post FILE CONTENT_TYPE KEY_MATERIAL DESCRIPTION
post() {
  local body="$1" content_type="$2" key description="$4" status
  key="gh-$(printf '%s\n%s' "$identity" "$3" | sha256)"
  status="$(curl --silent --show-error "${retry_options[@]}" --connect-timeout 20 --max-time 600 -X POST \
    -H @"$tmp/headers" -H "Content-Type: $content_type" -H "Idempotency-Key: $key" \
    --data-binary @"$body" -o "$tmp/response.json" -w '%{http_code}' "$endpoint" 2>"$tmp/curl-error")" || true
  status="${status:-000}"
  case "$status" in
    200 | 201)
      local answer
      answer="$(json_query "$tmp/response.json" \
        '"\(.reportId) \(.tests) \(.failed) \(.errors) \(.duplicate)"' \
        '"%s %s %s %s %s" % (d["reportId"], d["tests"], d["failed"], d["errors"], str(d["duplicate"]).lower())')"
      if [ -n "$answer" ]; then
        read -r report_id tests failed errors duplicate <<<"$answer"
        report_ids+=("$report_id")
        echo "Greenboard stored $description as report $report_id: $tests tests, $failed failed, $errors errors$([ "$duplicate" = true ] && echo ' (already stored: not counted again)')"
      else
        echo "Greenboard stored $description: $(cat "$tmp/response.json")"
      fi
      uploaded=$((uploaded + $5))
      ;;
    000)
      fail "Greenboard at $url did not answer: $(tr '\n' ' ' <"$tmp/curl-error")"
      ;;
    *)
      local detail
      detail="$(json_query "$tmp/response.json" '.detail // .error // empty' 'd.get("detail") or d.get("error")')"
      [ -n "$detail" ] || detail="$(head -c 2000 "$tmp/response.json" | tr '\n' ' ')"
      fail "Greenboard refused $description (HTTP $status): $detail"
      ;;
  esac
}

zipped=""
if [ "${#files[@]}" -gt 1 ]; then
  printf '%s\n' "${files[@]}" >"$tmp/files.txt"
  if command -v zip >/dev/null 2>&1; then
    zip -q -X "$tmp/reports.zip" -@ <"$tmp/files.txt" && zipped="$tmp/reports.zip"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c '
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as archive:
    for name in open(sys.argv[2], encoding="utf-8").read().splitlines():
        archive.write(name)
' "$tmp/reports.zip" "$tmp/files.txt" && zipped="$tmp/reports.zip"
  fi
fi
if [ -n "$zipped" ]; then
  post "$zipped" application/zip "$file_hashes" "${#files[@]} files (zip)" "${#files[@]}"
else
  [ "${#files[@]}" -eq 1 ] || notice "Neither zip nor python3 is installed: uploading ${#files[@]} files one by one"
  for file in "${files[@]}"; do
    post "$file" application/xml "$(sha256 <"$file") $file" "$file" 1
  done
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "report-ids=${report_ids[*]:-}"; echo "uploaded-files=$uploaded"; } >>"$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  echo "Greenboard: $uploaded test report file(s) of job '$job_name' uploaded (reports ${report_ids[*]:-none})." >>"$GITHUB_STEP_SUMMARY"
fi
