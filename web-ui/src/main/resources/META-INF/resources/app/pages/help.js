// "Sending data": what the empty states link to. The full guide is docs/ingest.md in Greenboard's repository.

import { setTitle } from '../ui.js';

export async function render(main) {
  setTitle('Sending data');
  const origin = location.origin;
  main.innerHTML = `<article class="help prose">
    <h1>Sending data to Greenboard</h1>
    <p>Greenboard shows what CI sends it. Two endpoints fill every page: GitHub webhooks make the commits, workflow runs
      and jobs of the HUD, and test reports make the test results. Everything is then readable without an account
      through <a href="/graphiql">GraphQL</a> (<code>POST /graphql</code>), which is all these pages use.</p>

    <h2 id="webhooks">GitHub webhooks: <code>POST /api/v1/github/webhook</code></h2>
    <ol>
      <li>Start Greenboard with a webhook secret: <code>GREENBOARD_GITHUB_WEBHOOK_SECRET=&lt;secret&gt;</code>. Without
        it every webhook is refused (401) with a message that names the variable.</li>
      <li>On GitHub, open the repository's (or organization's) <em>Settings → Webhooks → Add webhook</em>:
        payload URL <code>${origin}/api/v1/github/webhook</code>, content type <code>application/json</code>, the same
        secret, and the events <em>Workflow runs, Workflow jobs, Check runs, Check suites, Pushes, Pull requests,
        Statuses, Issue comments, Issues</em>.</li>
      <li>GitHub's "ping" is answered 200. From then on each delivery is stored raw and turned into commits, runs and
        jobs; redeliveries (same <code>X-GitHub-Delivery</code>) change nothing.</li>
    </ol>
    <p>By hand, sign the exact body with HMAC-SHA256:</p>
    <pre><code>SIG="sha256=$(openssl dgst -sha256 -hmac "$SECRET" &lt; payload.json | awk '{print $NF}')"
curl ${origin}/api/v1/github/webhook -H 'Content-Type: application/json' \\
  -H 'X-GitHub-Event: workflow_job' -H "X-GitHub-Delivery: $(uuidgen)" \\
  -H "X-Hub-Signature-256: $SIG" --data-binary @payload.json</code></pre>

    <h2 id="reports">Test reports: <code>POST /api/v1/test-reports</code></h2>
    <p>Upload JUnit XML (any common dialect), a zip of XML files, or JSON lines, with a bearer token: one of
      <code>GREENBOARD_INGEST_TOKENS</code>, or the token Greenboard generated and printed on its first start (kept in
      <code>greenboard-data/ingest-token</code>). Say where the report comes from with query parameters:
      <code>repo</code> and <code>sha</code> (required), <code>job_id</code>, <code>job_name</code>,
      <code>workflow_run_id</code>, <code>run_attempt</code>, <code>branch</code>, and labels such as
      <code>label=platform=linux</code>.</p>
    <pre><code>curl "${origin}/api/v1/test-reports?repo=owner/name&amp;sha=$GITHUB_SHA&amp;job_id=$JOB_ID&amp;branch=main" \\
  -H "Authorization: Bearer $GREENBOARD_TOKEN" -H 'Content-Type: application/xml' \\
  --data-binary @test-results.xml</code></pre>
    <p>The answer counts what was stored: <code>{"reportId", "tests", "passed", "failed", "errors", "skipped",
      "flaky", "duplicate"}</code>. Uploading the same report again is answered as a duplicate and counts nothing
      twice. A refused upload stores nothing and says why (with line and column for XML and JSON).</p>

    <h2>More</h2>
    <ul>
      <li>The full guide, with every error answer and a GitHub Actions step: <code>docs/ingest.md</code> in
        Greenboard's repository.</li>
      <li>Query everything yourself in <a href="/graphiql">GraphiQL</a>; the schema is at
        <a href="/graphql/schema.graphql"><code>/graphql/schema.graphql</code></a>.</li>
      <li>Health: <a href="/q/health/ready"><code>/q/health/ready</code></a>. Metrics for Prometheus:
        <a href="/q/metrics"><code>/q/metrics</code></a>.</li>
    </ul>
  </article>`;
}
