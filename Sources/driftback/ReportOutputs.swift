import Driftback
import DriftbackSyntax
import Foundation

/// The forms a report is written in and where each goes: `--format F` for standard output (or for a plain
/// `--output FILE`), and any number of `--output FORMAT=FILE` pairs, so that one run parses once and writes
/// every form a nightly job needs.
struct ReportOutputs {
  /// One form and its destination.
  struct Output: Equatable {
    var format: ReportFormat
    /// The file, or `nil` for standard output.
    var path: String?
  }

  var outputs: [Output]

  /// Reads `--format` and `--output`. A `--output` value whose part before the first `=` names a format
  /// is a pair (`json=report.json`; `-` as the file means standard output); any other value is a file for
  /// `--format`. Without a pair, `--format` (default text) goes to standard output or to the plain file;
  /// with pairs, standard output gets `--format` only when it is given.
  static func parse(_ parsed: ArgumentParser.Parsed) throws -> ReportOutputs {
    let formatName = parsed.value("format")
    var format = ReportFormat.text
    if let formatName {
      guard let named = ReportFormat(name: formatName) else {
        throw ArgumentParser.UsageError(message: "--format must be one of \(ReportFormat.names), not '\(formatName)'")
      }
      format = named
    }
    var outputs: [Output] = []
    var plain: [String] = []
    for value in parsed.all("output") {
      if let equals = value.firstIndex(of: "="), let named = ReportFormat(name: String(value[..<equals])) {
        let path = String(value[value.index(after: equals)...])
        guard !path.isEmpty else {
          throw ArgumentParser.UsageError(
            message: "--output \(value) names no file (use \(named.rawValue)=- for standard output)")
        }
        outputs.append(Output(format: named, path: path == "-" ? nil : path))
      } else {
        plain.append(value)
      }
    }
    if plain.count > 1 {
      throw ArgumentParser.UsageError(
        message: "--output is given more than once without a format; write each as FORMAT=FILE (\(ReportFormat.names))")
    }
    if let file = plain.first {
      outputs.insert(Output(format: format, path: file == "-" ? nil : file), at: 0)
    } else if outputs.isEmpty || formatName != nil {
      outputs.insert(Output(format: format, path: nil), at: 0)
    }
    if outputs.filter({ $0.path == nil }).count > 1 {
      throw ArgumentParser.UsageError(message: "only one form of the report can go to standard output")
    }
    var seen = Set<String>()
    for output in outputs {
      guard let path = output.path else { continue }
      guard seen.insert(FileSystem.resolvedPath(path)).inserted else {
        throw ArgumentParser.UsageError(message: "--output \(path) is named twice")
      }
    }
    return ReportOutputs(outputs: outputs)
  }

  /// Whether any form shows the proposed back-port diffs (they are planned only then).
  var showsDiffs: Bool { outputs.contains { $0.format == .html } }

  /// Whether the report goes to standard output.
  var writesStandardOutput: Bool { outputs.contains { $0.path == nil } }

  /// Refuses any output file that is one of the inputs.
  func check(against inputs: Inputs) throws {
    for output in outputs { try inputs.checkOutput(output.path) }
  }

  /// Renders every form and writes the files all or nothing, then standard output.
  func write(_ report: DriftReport, colorMode: String, console: Console) throws {
    var files: [FileSystem.PlannedWrite] = []
    var standardOutput: String?
    for output in outputs {
      let renderer = Self.renderer(for: output.format, color: Self.useColor(colorMode, path: output.path))
      let text = renderer.render(report)
      if let path = output.path {
        files.append(FileSystem.PlannedWrite(path: path, bytes: Array(text.utf8), expected: nil))
      } else {
        standardOutput = text
      }
    }
    if !files.isEmpty { try FileSystem.writeAllOrNothing(files) }
    if let standardOutput { console.out(standardOutput) }
  }

  /// Colour for text on a terminal only (`--color auto`), never in a file, always with `--color always`.
  static func useColor(_ mode: String, path: String?) -> Bool {
    mode == "always"
      || (mode == "auto" && path == nil && Console.isTerminal(1)
        && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
  }

  /// The renderer of a format.
  static func renderer(for format: ReportFormat, color: Bool) -> any ReportRenderer {
    switch format {
    case .text: TextReportRenderer(color: color)
    case .json: JSONReportRenderer()
    case .markdown: MarkdownReportRenderer()
    case .html: HTMLReportRenderer()
    case .sarif: SARIFReportRenderer()
    case .junit: JUnitReportRenderer()
    }
  }
}
