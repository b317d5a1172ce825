"""Runs upload-test-reports.sh as GitHub Actions would, against a local server that records every request.

The server plays both Greenboard (POST /api/v1/test-reports, answers queued per test) and the GitHub REST API
(the job lookup). Run: python3 -m unittest discover -s .github/actions/upload-test-reports/test -v
"""

import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.parse
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parent / "upload-test-reports.sh"
REPO_ROOT = HERE.parents[3]
CORPUS = REPO_ROOT / "testdata" / "corpus"
TOKEN = "gb_ingest_token_that_must_not_leak_0123"
GITHUB_TOKEN = "ghs_actions_token_0123456789"
HEAD_SHA = "3484a3fb816e0859fd6e1cea078d76385ff50625"


class Recorder:
    """What the server was asked, and what it answers next."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []
        self.answers = []
        self.jobs_status = 200
        self.jobs = {"total_count": 0, "jobs": []}

    def posts(self):
        return [r for r in self.requests if r["method"] == "POST"]


class Handler(http.server.BaseHTTPRequestHandler):
    recorder: Recorder = None

    def log_message(self, *args):
        pass

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parsed = urllib.parse.urlsplit(self.path)
        request = {
            "method": self.command,
            "path": parsed.path,
            "query": urllib.parse.parse_qs(parsed.query, keep_blank_values=True),
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body,
        }
        with self.recorder.lock:
            self.recorder.requests.append(request)
        return request

    def _answer(self, status, document):
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        request = self._record()
        if request["path"].endswith("/jobs") and "/actions/runs/" in request["path"]:
            if self.recorder.jobs_status != 200:
                self._answer(self.recorder.jobs_status, {"message": "Resource not accessible by integration"})
            else:
                self._answer(200, self.recorder.jobs)
        else:
            self._answer(404, {"message": "Not Found"})

    def do_POST(self):
        request = self._record()
        with self.recorder.lock:
            answer = self.recorder.answers.pop(0) if self.recorder.answers else None
        if answer == "drop":
            # No answer at all: the connection closes, curl sees an empty reply.
            self.close_connection = True
            return
        if answer is None:
            count = len(self.recorder.posts())
            answer = (201, {"reportId": 16 + count, "tests": 3, "passed": 2, "failed": 1, "errors": 0,
                            "skipped": 0, "flaky": 0, "duplicate": False})
        self._answer(*answer)
        del request


class UploadTestReportsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.recorder = Recorder()
        handler = type("BoundHandler", (Handler,), {"recorder": cls.recorder})
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.base = "http://127.0.0.1:%d" % cls.server.server_address[1]

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        recorder = self.recorder
        with recorder.lock:
            recorder.requests.clear()
            recorder.answers.clear()
            recorder.jobs_status = 200
            recorder.jobs = {"total_count": 2, "jobs": [
                {"id": 4241, "name": "build", "status": "completed", "runner_name": "GitHub Actions 3"},
                {"id": 4242, "name": "test (ubuntu-latest, 3.12)", "status": "in_progress",
                 "runner_name": "GitHub Actions 3"},
            ]}
        self.work = Path(tempfile.mkdtemp(prefix="upload-test-reports-"))
        self.workspace = self.work / "workspace"
        reports = self.workspace / "build" / "test-reports" / "unit"
        reports.mkdir(parents=True)
        shutil.copy(CORPUS / "junit" / "jstemmer+go-junit-report" / "001-report.xml", reports / "go.xml")
        (self.workspace / "build" / "test-reports" / "TEST-gtest.xml").write_bytes(
            (CORPUS / "junit" / "jenkinsci+xunit-plugin" / "googletest" / "testcase4" / "input.xml").read_bytes())
        (self.workspace / "build" / "test-reports" / "notes.txt").write_text("not a report")
        self.output = self.work / "github-output"
        self.output.touch()

    def tearDown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def environment(self, **overrides):
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.work),
            "GITHUB_ACTIONS": "true",
            "GITHUB_REPOSITORY": "acme/app",
            "GITHUB_RUN_ID": "9000000001",
            "GITHUB_RUN_ATTEMPT": "2",
            "GITHUB_WORKFLOW": "CI",
            "GITHUB_JOB": "test",
            "GITHUB_SHA": "e" * 40,
            "GITHUB_REF_NAME": "main",
            "GITHUB_HEAD_REF": "",
            "GITHUB_EVENT_NAME": "push",
            "GITHUB_API_URL": self.base,
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_OUTPUT": str(self.output),
            "RUNNER_NAME": "GitHub Actions 3",
            "GREENBOARD_URL": self.base + "/",
            "GREENBOARD_TOKEN": TOKEN,
            "GREENBOARD_PATH": "**/test-reports/**/*.xml",
            "GREENBOARD_LABELS": "",
            "GREENBOARD_JOB_NAME": "",
            "GREENBOARD_INVOKING_FILE": "",
            "GREENBOARD_GITHUB_TOKEN": GITHUB_TOKEN,
            "GREENBOARD_PR_HEAD_SHA": "",
            "GREENBOARD_MATRIX": "null",
        }
        env.update(overrides)
        return env

    def run_script(self, **overrides):
        result = subprocess.run(["bash", str(SCRIPT)], cwd=self.workspace, env=self.environment(**overrides),
                                capture_output=True, text=True, timeout=120)
        self.assertNotIn(TOKEN, result.stdout + result.stderr)
        self.assertNotIn(GITHUB_TOKEN, result.stdout + result.stderr)
        return result

    def outputs(self):
        return dict(line.split("=", 1) for line in self.output.read_text().splitlines() if "=" in line)

    @staticmethod
    def single(query, name):
        values = query.get(name, [])
        return values[0] if len(values) == 1 else values

    def test_uploads_a_zip_with_the_jobs_identity_from_the_api(self):
        result = self.run_script(GREENBOARD_LABELS="platform=linux\n\n  config=default é  \n",
                                 GREENBOARD_INVOKING_FILE="tests/unit")

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        posts = self.recorder.posts()
        self.assertEqual(1, len(posts))
        post = posts[0]
        self.assertEqual("/api/v1/test-reports", post["path"])
        self.assertEqual("application/zip", post["headers"]["content-type"])
        self.assertEqual("Bearer " + TOKEN, post["headers"]["authorization"])
        self.assertRegex(post["headers"]["idempotency-key"], r"^gh-[0-9a-f]{64}$")
        query = post["query"]
        self.assertEqual({"repo": "acme/app", "sha": "e" * 40, "workflow_run_id": "9000000001", "run_attempt": "2",
                          "workflow_name": "CI", "branch": "main", "job_name": "test (ubuntu-latest, 3.12)",
                          "job_id": "4242", "invoking_file": "tests/unit",
                          "label": ["platform=linux", "config=default é"]},
                         {name: self.single(query, name) for name in query})
        with zipfile.ZipFile(io.BytesIO(post["body"])) as archive:
            self.assertEqual(["build/test-reports/TEST-gtest.xml", "build/test-reports/unit/go.xml"],
                             sorted(archive.namelist()))
            self.assertEqual((self.workspace / "build/test-reports/unit/go.xml").read_bytes(),
                             archive.read("build/test-reports/unit/go.xml"))
        lookup = [r for r in self.recorder.requests if r["method"] == "GET"]
        self.assertEqual("/repos/acme/app/actions/runs/9000000001/attempts/2/jobs", lookup[0]["path"])
        self.assertEqual("Bearer " + GITHUB_TOKEN, lookup[0]["headers"]["authorization"])
        self.assertEqual({"report-ids": "17", "uploaded-files": "2"}, self.outputs())
        self.assertIn("Greenboard stored 2 files (zip) as report 17: 3 tests, 1 failed, 0 errors", result.stdout)

    def test_a_pull_request_is_filed_under_its_head_commit_and_branch(self):
        event = CORPUS / "github-webhooks" / "pull_request" / "synchronize.payload.json"
        head = json.loads(event.read_text())["pull_request"]["head"]["sha"]

        result = self.run_script(GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(event),
                                 GITHUB_HEAD_REF="changes", GITHUB_REF_NAME="2/merge",
                                 GREENBOARD_PATH="build/test-reports/unit/*.xml")

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        post = self.recorder.posts()[0]
        self.assertEqual("application/xml", post["headers"]["content-type"])
        self.assertEqual([head], post["query"]["sha"])
        self.assertEqual(["changes"], post["query"]["branch"])

    def test_the_actions_expression_for_the_head_commit_wins(self):
        result = self.run_script(GITHUB_EVENT_NAME="pull_request_target", GREENBOARD_PR_HEAD_SHA=HEAD_SHA)

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        self.assertEqual([HEAD_SHA], self.recorder.posts()[0]["query"]["sha"])

    def test_without_api_access_the_name_is_the_job_key_and_matrix_values(self):
        self.recorder.jobs_status = 403
        matrix = json.dumps({"os": "ubuntu-latest", "python": "3.12", "experimental": False})

        result = self.run_script(GREENBOARD_MATRIX=matrix)

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        query = self.recorder.posts()[0]["query"]
        self.assertEqual(["test (ubuntu-latest, 3.12, false)"], query["job_name"])
        self.assertNotIn("job_id", query)
        self.assertIn("::warning title=Greenboard::Cannot look up this job's name and id (GitHub answered 403",
                      result.stdout)

    def test_an_explicit_job_name_wins_and_the_job_id_is_still_found(self):
        result = self.run_script(GREENBOARD_JOB_NAME="Unit tests / linux")

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        query = self.recorder.posts()[0]["query"]
        self.assertEqual(["Unit tests / linux"], query["job_name"])
        self.assertEqual(["4242"], query["job_id"])

    def tools(self, *extra):
        """A PATH holding only what the script needs, plus the named extras (tool name, or (name, location))."""
        tools = self.work / "bin"
        tools.mkdir()
        for tool in ["bash", "mktemp", "rm", "cat", "cut", "sha256sum", "curl", "sort", "head", "tr", "find",
                     "grep", *extra]:
            name, location = tool if isinstance(tool, tuple) else (tool, shutil.which(tool))
            self.assertIsNotNone(location, name)
            (tools / name).symlink_to(location)
        return str(tools)

    def test_without_jq_python_reads_the_json_and_zips(self):
        matrix = json.dumps({"os": "windows-latest", "shard": 2})
        self.recorder.jobs["jobs"][1]["runner_name"] = "another runner"

        result = self.run_script(PATH=self.tools(("python3", sys.executable)), GREENBOARD_MATRIX=matrix)

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        post = self.recorder.posts()[0]
        self.assertEqual("application/zip", post["headers"]["content-type"])
        with zipfile.ZipFile(io.BytesIO(post["body"])) as archive:
            self.assertEqual(2, len(archive.namelist()))
        self.assertEqual(["test (windows-latest, 2)"], post["query"]["job_name"])
        self.assertEqual({"report-ids": "17", "uploaded-files": "2"}, self.outputs())

    def test_python_finds_the_job_and_the_pull_requests_head_like_jq(self):
        event = CORPUS / "github-webhooks" / "pull_request" / "synchronize.payload.json"
        head = json.loads(event.read_text())["pull_request"]["head"]["sha"]

        result = self.run_script(PATH=self.tools(("python3", sys.executable)), GITHUB_EVENT_NAME="pull_request",
                                 GITHUB_EVENT_PATH=str(event))

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        query = self.recorder.posts()[0]["query"]
        self.assertEqual(["4242"], query["job_id"])
        self.assertEqual([head], query["sha"])

    def test_without_zip_or_python_each_file_is_uploaded_alone(self):
        result = self.run_script(PATH=self.tools("jq"))

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        posts = self.recorder.posts()
        self.assertEqual(["application/xml", "application/xml"], [p["headers"]["content-type"] for p in posts])
        self.assertEqual(sorted([(self.workspace / "build/test-reports/TEST-gtest.xml").read_bytes(),
                                 (self.workspace / "build/test-reports/unit/go.xml").read_bytes()]),
                         sorted(p["body"] for p in posts))
        self.assertEqual(2, len({p["headers"]["idempotency-key"] for p in posts}))
        self.assertEqual({"report-ids": "17 18", "uploaded-files": "2"}, self.outputs())
        self.assertIn("uploading 2 files one by one", result.stdout)

    def test_a_server_error_is_retried_with_the_same_idempotency_key(self):
        self.recorder.answers.extend([(503, {"error": "unavailable", "detail": "restarting"}), None])

        result = self.run_script()

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        posts = self.recorder.posts()
        self.assertEqual(2, len(posts))
        self.assertEqual(posts[0]["headers"]["idempotency-key"], posts[1]["headers"]["idempotency-key"])
        self.assertEqual(posts[0]["body"], posts[1]["body"])

    def test_a_dropped_connection_is_retried(self):
        self.recorder.answers.extend(["drop", None])

        result = self.run_script()

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        posts = self.recorder.posts()
        self.assertEqual(2, len(posts))
        self.assertEqual(posts[0]["headers"]["idempotency-key"], posts[1]["headers"]["idempotency-key"])

    def test_the_same_job_and_files_give_the_same_key_on_a_second_run(self):
        self.run_script()
        self.run_script()

        posts = self.recorder.posts()
        self.assertEqual(posts[0]["headers"]["idempotency-key"], posts[1]["headers"]["idempotency-key"])

    def test_a_refused_upload_fails_the_step_with_the_servers_message(self):
        self.recorder.answers.append((400, {"error": "bad_parameter",
                                            "detail": "Query parameter 'sha' is required and must be a hex commit sha"}))

        result = self.run_script()

        self.assertEqual(1, result.returncode)
        self.assertEqual(1, len(self.recorder.posts()), "a 4xx is not retried")
        self.assertIn("::error title=Greenboard upload failed::Greenboard refused 2 files (zip) (HTTP 400): Query"
                      " parameter 'sha' is required and must be a hex commit sha", result.stdout)

    def test_nothing_matching_is_a_notice_not_a_failure(self):
        result = self.run_script(GREENBOARD_PATH="**/surefire-reports/*.xml\n**/none/*.xml")

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        self.assertEqual([], self.recorder.posts())
        self.assertIn("::notice title=Greenboard::No file matches '**/surefire-reports/*.xml, **/none/*.xml'",
                      result.stdout)
        self.assertEqual({"report-ids": "", "uploaded-files": "0"}, self.outputs())

    def test_no_token_as_in_a_pull_request_from_a_fork_is_a_warning(self):
        result = self.run_script(GREENBOARD_TOKEN="")

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        self.assertEqual([], self.recorder.requests)
        self.assertIn("::warning title=Greenboard::input 'token' is empty", result.stdout)

    def test_an_unreachable_greenboard_fails_the_step(self):
        result = self.run_script(GREENBOARD_URL="http://127.0.0.1:9", GREENBOARD_RETRIES="1")

        self.assertEqual(1, result.returncode)
        self.assertIn("::error title=Greenboard upload failed::Greenboard at http://127.0.0.1:9 did not answer",
                      result.stdout)


if __name__ == "__main__":
    unittest.main()
