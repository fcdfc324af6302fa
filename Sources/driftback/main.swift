import Driftback
import DriftbackSyntax
import Foundation

let usage = """
  driftback keeps infrastructure source and the running system in sync.

  USAGE: driftback <command> [options]

  COMMANDS:
    report     compare IaC with a live capture and report drift (default command)
    backport   write minimal, format-preserving IaC edits that carry runtime patches into source
    verify     compare the captures taken before and after a deploy: regressions, unconverged resources

  OPTIONS:
    -h, --help     show help (driftback <command> --help for a command's options)
    --version      show the version

  EXIT CODES: 0 in sync, 1 drift found, 2 error.

  """

let console = Console(redactor: Redactor(key: Console.redactionKey()))
let arguments = Array(CommandLine.arguments.dropFirst())
var status: Int32
do {
  switch arguments.first {
  case nil:
    status = try ReportCommand.run([], console: console)
  case "-h", "--help", "help":
    if arguments.count > 1, arguments[1] == "report" {
      console.out(ReportCommand.help)
    } else if arguments.count > 1, arguments[1] == "backport" {
      console.out(BackportCommand.help)
    } else if arguments.count > 1, arguments[1] == "verify" {
      console.out(VerifyCommand.help)
    } else {
      console.out(usage)
    }
    status = 0
  case "--version", "version":
    console.out("driftback \(DriftbackVersion.current)\n")
    status = 0
  case "report":
    status = try ReportCommand.run(Array(arguments.dropFirst()), console: console)
  case "backport":
    status = try BackportCommand.run(Array(arguments.dropFirst()), console: console)
  case "verify":
    status = try VerifyCommand.run(Array(arguments.dropFirst()), console: console)
  case let other?:
    if other.hasPrefix("--") {
      status = try ReportCommand.run(arguments, console: console)
    } else {
      throw ArgumentParser.UsageError(message: "unknown command '\(other)'; see 'driftback --help'")
    }
  }
} catch let error as ArgumentParser.UsageError {
  console.err("error: \(error.message)\n")
  status = 2
} catch let diagnostic as Diagnostic {
  console.report(diagnostic)
  status = 2
} catch {
  console.err("error: \(error)\n")
  status = 2
}
ProgressLine.shared.clear()
exit(status)
