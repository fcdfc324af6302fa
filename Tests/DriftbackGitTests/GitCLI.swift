import Foundation
import Testing

/// The `git` command-line tool, which only the tests run: to build repositories and to check what the
/// library wrote.
enum GitCLI {
  /// The `git` executable found on `PATH`; `nil` when git is not installed.
  static let executable: URL? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").lazy
      .map { URL(fileURLWithPath: String($0)).appendingPathComponent("git") }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  /// Whether the tests that need git can run.
  static var isAvailable: Bool { executable != nil }

  /// Why those tests are skipped.
  static let skipComment: Comment = "the git CLI is not on PATH: skipping the tests that build repositories with it"

  /// A fixed author and date, and no system configuration, so that runs are reproducible. The user's
  /// configuration is replaced per call (see `run`).
  static let environment: [String: String] = {
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_AUTHOR_NAME"] = "Fixture Author"
    environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
    environment["GIT_AUTHOR_DATE"] = "@1700000000 +0100"
    environment["GIT_COMMITTER_NAME"] = "Fixture Committer"
    environment["GIT_COMMITTER_EMAIL"] = "committer@example.com"
    environment["GIT_COMMITTER_DATE"] = "@1700000000 +0100"
    // `git status` must not refresh the index, or comparing the index bytes would compare git's writes.
    environment["GIT_OPTIONAL_LOCKS"] = "0"
    environment["LC_ALL"] = "C"
    return environment
  }()

  /// A git command that failed.
  struct Failure: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var standardError: String
    var description: String { "git \(arguments.joined(separator: " ")) exited with \(status): \(standardError)" }
  }

  /// Runs git in `directory` and returns its standard output.
  ///
  /// - Parameter globalConfiguration: an (empty) file that stands in for the user's `~/.gitconfig`. Not
  ///   `/dev/null`, which a misbehaving process on a shared machine may have replaced by a regular file.
  @discardableResult
  static func run(
    _ arguments: [String], in directory: String, globalConfiguration: String, environment extra: [String: String] = [:]
  ) throws -> Data {
    guard let executable else { throw Failure(arguments: arguments, status: -1, standardError: "git is missing") }
    let process = Process()
    process.executableURL = executable
    process.arguments = ["-c", "core.quotePath=false"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = environment.merging(["GIT_CONFIG_GLOBAL": globalConfiguration]) { $1 }
      .merging(extra) { $1 }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Both pipes are drained at once so that a chatty command cannot block on a full pipe.
    let errorText = CollectedOutput()
    let reading = DispatchGroup()
    DispatchQueue.global().async(group: reading) { errorText.data = errors.fileHandleForReading.readDataToEndOfFile() }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    reading.wait()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Failure(
        arguments: arguments, status: process.terminationStatus,
        standardError: String(decoding: errorText.data, as: UTF8.self))
    }
    return data
  }
}

/// Standard error, filled on another queue.
private final class CollectedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var stored = Data()

  var data: Data {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
