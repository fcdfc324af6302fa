import Foundation
import Testing

/// Progress on standard error: on a terminal only, never with `--quiet`, never in a pipe.
@Suite("driftback progress (CLI)")
struct ProgressCLITests {
  /// `script` (util-linux) runs the binary on a pseudo-terminal.
  static let script = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }

  /// Runs `driftback ARGS` on a pseudo-terminal and returns everything it printed there.
  func onTerminal(_ arguments: [String]) throws -> String {
    let binary = try #require(CLIRunner.binary)
    let script = try #require(Self.script)
    let quoted = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: script)
    process.arguments = ["-qec", quoted.joined(separator: " "), "/dev/null"]
    process.currentDirectoryURL = CLIRunner.packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["TERM"] = "xterm"
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  static func temporaryFile() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("driftback-progress-\(UUID().uuidString).json").path
  }

  @Test(.enabled(if: script != nil, "util-linux `script` is needed to run the binary on a terminal"))
  func aTerminalShowsFilesReadAndResourcesCompared() throws {
    let output = Self.temporaryFile()
    defer { try? FileManager.default.removeItem(atPath: output) }
    let printed = try onTerminal(["report", "--output", "json=\(output)"])
    #expect(printed.contains("reading "))
    #expect(printed.contains(" IaC files and "))
    #expect(printed.contains("resources compared"))
    #expect(printed.contains("history: capture 1 of "))
    // The line is rewritten in place and cleared at the end: the last thing printed is the clearing.
    #expect(printed.contains("\r\u{1B}[K"))
    #expect(printed.hasSuffix("\r\u{1B}[K") || !printed.contains("resources compared\n"))
    #expect(FileManager.default.fileExists(atPath: output))
  }

  @Test(.enabled(if: script != nil, "util-linux `script` is needed to run the binary on a terminal"))
  func quietSilencesProgressOnATerminal() throws {
    let output = Self.temporaryFile()
    defer { try? FileManager.default.removeItem(atPath: output) }
    let printed = try onTerminal(["report", "--quiet", "--output", "json=\(output)"])
    #expect(!printed.contains("resources compared"))
    #expect(!printed.contains("\u{1B}[K"))
    // Diagnostics still show.
    #expect(printed.contains("note: "))
  }

  @Test func aPipeGetsDiagnosticsOnly() throws {
    let output = Self.temporaryFile()
    defer { try? FileManager.default.removeItem(atPath: output) }
    let result = try CLIRunner.run(["report", "--output", "json=\(output)"])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(!result.stderr.contains("resources compared"))
    #expect(!result.stderr.contains("\u{1B}"))
    let lines = result.stderr.split(separator: "\n")
    #expect(!lines.isEmpty)
    #expect(lines.allSatisfy { $0.contains(": note: ") || $0.hasPrefix("note: ") || $0.contains(": warning: ") })
  }
}
