import Foundation

/// One line of progress on standard error, rewritten in place (files read, resources compared): only on a
/// terminal, never with `--quiet`, never in a pipe or a file, where standard error carries diagnostics only.
/// Updates are throttled to a few per second; the line is cleared before anything else is printed.
final class ProgressLine: @unchecked Sendable {
  /// The line every command shares.
  static let shared = ProgressLine()

  private let lock = NSLock()
  private var enabled = false
  private var shown = false
  private var lastUpdate: UInt64 = 0

  /// Turns progress on when standard error is a terminal (and `TERM` is not `dumb`) and `quiet` is false.
  func enable(quiet: Bool) {
    let environment = ProcessInfo.processInfo.environment
    lock.withLock {
      enabled = !quiet && Console.isTerminal(2) && environment["TERM"] != "dumb"
    }
  }

  /// Shows `text` (cut to fit one line) unless an update was shown less than 100 ms ago; `force` shows it
  /// anyway (a phase that starts).
  func update(_ text: @autoclosure () -> String, force: Bool = false) {
    lock.withLock {
      guard enabled else { return }
      let now = DispatchTime.now().uptimeNanoseconds
      guard force || now - lastUpdate >= 100_000_000 else { return }
      lastUpdate = now
      let line = String(text().prefix(Self.width - 1))
      FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
      shown = true
    }
  }

  private var filesRead = 0
  private var filesTotal = 0
  private var readingPrefix = ""

  /// Starts counting file reads for ``fileRead()``: `total` files, each update starting with `prefix`.
  func startReading(total: Int, prefix: String) {
    lock.withLock {
      filesRead = 0
      filesTotal = total
      readingPrefix = prefix
    }
  }

  /// One more file read (from any thread): `read 3,012 of 10,100 files…`, throttled like every update.
  func fileRead() {
    let (read, total, prefix): (Int, Int, String) = lock.withLock {
      filesRead += 1
      return (filesRead, filesTotal, readingPrefix)
    }
    guard total > 0 else { return }
    update("\(prefix)read \(min(read, total)) of \(total) files…")
  }

  /// Clears the line (before diagnostics or output, and at the end).
  func clear() {
    lock.withLock {
      guard shown else { return }
      FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
      shown = false
    }
  }

  /// The terminal's width (`COLUMNS`, else 80).
  private static var width: Int {
    var size = winsize()
    if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
  }
}
