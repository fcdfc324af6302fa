import Driftback
import DriftbackSyntax
import Foundation

/// `driftback report`: compare IaC with a capture and print the findings.
struct ReportCommand {
  static let help = """
    USAGE: driftback report [--iac DIR]... [--live PATH]... [--snapshots DIR] [--namespace NS]
                            [--var-file FILE]... [--tf-schema FILE] [--parameters FILE]...
                            [--pseudo AWS::NAME=VALUE]... [--stack NAME] [--iac-rev REV]
                            [--ignore FILE] [--now DATE] [--quiet]
                            [--format FORMAT] [--output [FORMAT=]FILE]... [--color auto|always|never]

    Compares the IaC with a live capture and reports every difference: runtime patches (live differs
    from IaC), unmanaged objects (live only) and missing ones (IaC only), each with its security
    judgement and the action to take (backport, revert or review). Secret values are always redacted.

    With no arguments it reports on iac-samples/ against the newest capture in snapshots/.

    OPTIONS:
      --iac DIR          IaC folder or file (Kubernetes .yaml/.yml/.json, Terraform .tf/.tfvars,
                         CloudFormation templates and their parameter files); repeatable
                         (default: iac-samples)
      --live PATH        capture folder or file (kubectl get -o yaml|json output; Terraform state,
                         show -json or refresh-only plan JSON; CloudFormation drift, Cloud Control and
                         AWS CLI describe output); repeatable (default: the newest capture in --snapshots)
      --snapshots DIR    folder of captures, one sub-folder per capture (default: snapshots); the captures
                         before the one reported are its history: when each finding was first seen, and
                         the runtime patches a redeploy lost (regressions)
      --iac-rev REV      read the IaC from this git revision (through libgit2) instead of the working tree
      --namespace NS     namespace of IaC objects that declare none, as kubectl apply -n (default: default)
      --var-file FILE    a Terraform variable file, as terraform -var-file; repeatable
      --tf-schema FILE   `terraform providers schema -json` output: optional attributes the code omits
                         are compared with their default, and ordered block lists keep their order
      --parameters FILE  CloudFormation parameter values for every template, in the forms create-stack
                         --parameters and deploy --parameter-overrides take (default: <template>.parameters.json
                         next to each template)
      --pseudo NAME=VAL  a CloudFormation pseudo parameter (AWS::Region=eu-west-1); repeatable (default:
                         what the capture's stack ARNs say)
      --stack NAME       the stack of the (one) CloudFormation template (default: the capture's stack with
                         the template's logical ids, else the template's file name)
      --ignore FILE      ignore rules: findings a team has accepted, each with a reason and an expiry date;
                         suppressed findings stay in the report but never count for the exit code
                         (default: <first --iac folder>/.driftbackignore.yaml when it exists)
      --now DATE         the day ignore rules expire against, YYYY-MM-DD or a date-time (default: today,
                         UTC, from the system clock)
      --format FORMAT    text, json, markdown, html, sarif or junit (default: text)
      --output FILE      write the report to FILE (atomically) instead of standard output
      --output FORMAT=FILE
                         also write the report in FORMAT to FILE (- for standard output); repeatable,
                         so that one run writes every form: --output json=r.json --output sarif=r.sarif
                         (standard output then gets --format only when it is given)
      --color WHEN       auto, always or never (default: auto: only on a terminal)
      --quiet            no progress on standard error (it is shown only on a terminal anyway)
      -h, --help         show this help

    EXIT CODES: 0 in sync (or every finding suppressed), 1 drift found, 2 error (bad input or usage).

    """

  static func run(_ arguments: [String], console: Console) throws -> Int32 {
    var options = Inputs.options
    options["format"] = .single
    options["output"] = .repeated
    options["color"] = .single
    options["help"] = .flag
    let parser = ArgumentParser(command: "report", options: options, aliases: ["-h": "--help", "-o": "--output"])
    var parsed = try parser.parse(arguments)
    parsed.relativizeInputPaths()
    if parsed.has("help") {
      console.out(help)
      return 0
    }
    ProgressLine.shared.enable(quiet: parsed.has("quiet"))
    let outputs = try ReportOutputs.parse(parsed)
    let colorMode = parsed.value("color") ?? "auto"
    guard ["auto", "always", "never"].contains(colorMode) else {
      throw ArgumentParser.UsageError(message: "--color must be auto, always or never, not '\(colorMode)'")
    }
    let inputs = try Inputs.resolve(parsed)
    try outputs.check(against: inputs)
    let today = try Inputs.today(parsed)
    let rules = try Inputs.ignoreRules(parsed)
    let analysis = Inputs.applyingIgnoreRules(
      rules, today: today, to: try inputs.analyzeWithHistory(parsed, redactor: console.redactor))
    for diagnostic in analysis.diagnostics { console.report(diagnostic) }
    if analysis.hasErrors { return 2 }
    var reported = analysis
    // The written report carries the diagnostics too: the same redaction as on standard error.
    reported.diagnostics = analysis.diagnostics.map(console.safe)
    var report = DriftReport(
      toolVersion: DriftbackVersion.current, captureLabel: inputs.captureLabel,
      capturedAt: inputs.capturedAt, analysis: reported, captureTimes: inputs.captureTimes)
    report.generatedAt = parsed.value("now")
    if outputs.showsDiffs {
      report.backportDiffs = BackportCommand.diffsByFinding(
        analysis, namespace: inputs.namespace,
        iacRoots: parsed.all("iac").isEmpty ? ["iac-samples"] : parsed.all("iac"), redactor: console.redactor)
    }
    try outputs.write(report, colorMode: colorMode, console: console)
    // The process exits right after this; freeing millions of values one by one would only cost time.
    ProcessLifetime.keepUntilExit(analysis)
    return analysis.activeFindings.isEmpty ? 0 : 1
  }
}
