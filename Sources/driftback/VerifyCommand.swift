import Driftback
import DriftbackGit
import DriftbackSyntax
import Foundation

/// `driftback verify`: the capture taken before a deploy against the one taken after it.
struct VerifyCommand {
  static let help = """
    USAGE: driftback verify --before PATH --after PATH [--iac DIR]... [--namespace NS] [--var-file FILE]...
                            [--parameters FILE]... [--format FORMAT] [--output [FORMAT=]FILE]... [--quiet]

    Post-deploy verification. Compares the IaC with the capture taken after a deploy and with the one taken
    before it, and reports:
      regressions      runtime patches the deploy lost (live is back at the IaC value): back-port them
      not converged    resources that still differ from the IaC after the deploy
    and counts the rest as in sync. A runtime change that weakened security and is gone after the deploy is
    listed as resolved.

    OPTIONS:
      --before PATH      the capture taken before the deploy (folder or file)
      --after PATH       the capture taken after the deploy (folder or file)
      --iac, --namespace, --var-file, --tf-schema, --parameters, --pseudo, --stack, --iac-rev, --ignore, --now
                         as for 'driftback report' (suppressed regressions and unconverged resources never
                         fail the verification)
      --format FORMAT    text, json, markdown, html, sarif or junit (default: text)
      --output FILE      write the result to FILE (atomically) instead of standard output
      --output FORMAT=FILE
                         also write the result in FORMAT to FILE (- for standard output); repeatable
      --quiet            no progress on standard error (it is shown only on a terminal anyway)
      -h, --help         show this help

    EXIT CODES: 0 converged (no regression, nothing unconverged), 1 a regression or an unconverged
    resource, 2 error (bad input or usage).

    """

  static func run(_ arguments: [String], console: Console) throws -> Int32 {
    var options = Inputs.options
    options["before"] = .single
    options["after"] = .single
    options["format"] = .single
    options["output"] = .repeated
    options["color"] = .single
    options["help"] = .flag
    options["live"] = nil
    options["snapshots"] = nil
    let parser = ArgumentParser(command: "verify", options: options, aliases: ["-h": "--help", "-o": "--output"])
    var parsed = try parser.parse(arguments)
    parsed.relativizeInputPaths()
    if parsed.has("help") {
      console.out(help)
      return 0
    }
    guard let before = parsed.value("before"), let after = parsed.value("after") else {
      throw ArgumentParser.UsageError(message: "verify needs --before PATH and --after PATH")
    }
    for (name, path) in [("--before", before), ("--after", after)] where !FileSystem.exists(path) {
      throw ArgumentParser.UsageError(message: "\(name): no such file or directory: \(path)")
    }
    ProgressLine.shared.enable(quiet: parsed.has("quiet"))
    let outputs = try ReportOutputs.parse(parsed)
    let colorMode = parsed.value("color") ?? "auto"
    guard ["auto", "always", "never"].contains(colorMode) else {
      throw ArgumentParser.UsageError(message: "--color must be auto, always or never, not '\(colorMode)'")
    }
    for (name, path) in [("--before", before), ("--after", after)]
    where FileSystem.isDirectory(path) && !CaptureLocator.isCapture(path)
      && !CaptureLocator.captures(in: path).filter({
        CaptureLocator.isCapture($0.path)
      }).isEmpty
    {
      throw ArgumentParser.UsageError(message: "\(name) \(path) is a folder of captures; give one capture")
    }
    if FileSystem.resolvedPath(before) == FileSystem.resolvedPath(after) {
      throw ArgumentParser.UsageError(message: "--before and --after are the same capture")
    }
    let afterInputs = try Inputs.resolve(parsed, live: [after])
    // The capture before the deploy is judged against the source deployed then: the iacRevision it names,
    // else what HEAD's branch held at its time; else the IaC given, with a note.
    let iacRoots = parsed.all("iac").isEmpty ? ["iac-samples"] : parsed.all("iac")
    var beforeCapture = CaptureLocator.describe(before)
    if !CaptureLocator.isCapture(before) { beforeCapture.iacRevision = nil }
    var trees: [String: IaCTree] = [:]
    let source = Inputs.sourceOfItsTime(
      beforeCapture, iacRoots: iacRoots,
      repository: try? GitRepository.discover(containing: FileSystem.absolutePath(iacRoots[0])),
      fallback: afterInputs.iacTree, trees: &trees)
    let beforeInputs = try Inputs.resolve(parsed, live: [before], tree: source.tree, history: false)
    var sourceNotes: [Diagnostic] = source.note.map { [$0] } ?? []
    if source.revision == nil {
      sourceNotes.append(
        Diagnostic(
          .note,
          "the source deployed before \(before) is not known (no iacRevision in its capture.json, no commit at its time): it is judged against the IaC given, so a value the deploy changed on purpose shows as a regression"
        ))
    }
    if let beforeTime = beforeInputs.capturedAt.flatMap(CaptureTime.seconds),
      let afterTime = afterInputs.capturedAt.flatMap(CaptureTime.seconds), beforeTime > afterTime
    {
      sourceNotes.append(Diagnostic(.warning, "--before \(before) was captured after --after \(after)"))
    }
    try outputs.check(against: afterInputs)
    let today = try Inputs.today(parsed)
    let rules = try Inputs.ignoreRules(parsed)
    let beforeAnalysis = beforeInputs.analyze(redactor: console.redactor)
    let afterAnalysis = afterInputs.analyze(redactor: console.redactor)
    var diagnostics =
      beforeAnalysis.diagnostics.filter { $0.severity != .note } + afterAnalysis.diagnostics + sourceNotes
    // The same note about the IaC appears once.
    var seen = Set<String>()
    diagnostics = diagnostics.filter { seen.insert($0.rendered).inserted }
    for diagnostic in diagnostics { console.report(diagnostic) }
    if beforeAnalysis.hasErrors || afterAnalysis.hasErrors { return 2 }
    let label = { (inputs: Inputs, path: String) in
      inputs.captureLabel ?? path
    }
    var verified = PostDeployVerification.verify(
      before: CaptureAnalysis(
        label: label(beforeInputs, before), capturedAt: beforeInputs.capturedAt, event: beforeInputs.captureEvent,
        analysis: beforeAnalysis,
        // The deploy applied the IaC given here: the before capture is judged against the source of its time.
        iacRevision: source.revision ?? "the IaC given"),
      after: CaptureAnalysis(
        label: label(afterInputs, after), capturedAt: afterInputs.capturedAt, event: afterInputs.captureEvent,
        analysis: afterAnalysis))
    verified.diagnostics = []
    verified = Inputs.applyingIgnoreRules(rules, today: today, to: verified)
    for diagnostic in verified.diagnostics { console.report(diagnostic) }
    // The written report carries the diagnostics too: the same redaction as on standard error.
    verified.diagnostics = (diagnostics + verified.diagnostics).map(console.safe)
    var report = DriftReport(
      toolVersion: DriftbackVersion.current, captureLabel: label(afterInputs, after),
      capturedAt: afterInputs.capturedAt, analysis: verified,
      captureTimes: Dictionary(
        [(label(beforeInputs, before), beforeInputs.capturedAt), (label(afterInputs, after), afterInputs.capturedAt)]
          .compactMap { label, time in time.map { (label, $0) } }, uniquingKeysWith: { first, _ in first }),
      beforeLabel: label(beforeInputs, before))
    report.generatedAt = parsed.value("now")
    if outputs.showsDiffs {
      report.backportDiffs = BackportCommand.diffsByFinding(
        verified, namespace: afterInputs.namespace, iacRoots: iacRoots, redactor: console.redactor)
    }
    try outputs.write(report, colorMode: colorMode, console: console)
    return PostDeployVerification.hasProblems(verified) ? 1 : 0
  }
}
