import Foundation
import Driftback
import DriftbackSyntax

/// `driftback backport`: write the IaC edits that carry runtime patches into source.
struct BackportCommand {
  static let help = """
    USAGE: driftback backport [--iac DIR]... [--live PATH]... [--snapshots DIR] [--namespace NS]
                              [--finding ID]... [--apply | --output FILE]

    Writes one minimal, format-preserving edit per finding: a changed scalar keeps its quoting, an added
    key goes after its last sibling with the siblings' indentation, a removed key takes its lines with it;
    comments and every other byte stay as they were. Each edit is verified by re-parsing the edited file
    and comparing it with the live object again; an edit that does not settle its finding is dropped.

    By default every finding whose action is backport is taken. Name findings with --finding ID (from
    the report) to choose; an unmanaged object named this way becomes a new manifest file.

    OPTIONS:
      --iac, --live, --snapshots, --namespace   as for 'driftback report'
      --finding ID       back-port this finding; repeatable
      --apply            edit the files in place (atomically; refuses files changed since they were read)
      --output FILE      write the unified diff to FILE instead of standard output
      -h, --help         show this help

    The diff on standard output is accepted by 'git apply'.
    EXIT CODES: 0 done (or nothing to do), 1 some selected findings could not be back-ported, 2 error.

    """

  static func run(_ arguments: [String], console: Console) throws -> Int32 {
    var options = Inputs.options
    options["finding"] = .repeated
    options["apply"] = .flag
    options["output"] = .single
    options["help"] = .flag
    let parser = ArgumentParser(command: "backport", options: options, aliases: ["-h": "--help", "-o": "--output"])
    let parsed = try parser.parse(arguments)
    if parsed.has("help") {
      console.out(help)
      return 0
    }
    throw ArgumentParser.UsageError(message: "backport is not available yet")
  }
}
