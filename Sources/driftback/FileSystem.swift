import DriftbackSyntax
import Foundation

/// All file-system access of driftback: reading inputs, finding files, atomic writes.
enum FileSystem {
  struct Failure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  static var manager: FileManager { FileManager.default }

  static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return manager.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  static func exists(_ path: String) -> Bool { manager.fileExists(atPath: path) }

  /// Reads a file into a ``SourceFile`` after checking its size (one `open`, `fstat` and `read` loop
  /// straight into the byte array).
  static func read(_ path: String, limits: ParseLimits = .default) throws -> SourceFile {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw Diagnostic(.error, "cannot read file: \(String(cString: strerror(errno)))", file: path)
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw Diagnostic(.error, "cannot read file: \(String(cString: strerror(errno)))", file: path)
    }
    guard (status.st_mode & S_IFMT) == S_IFREG else { throw Diagnostic(.error, "not a regular file", file: path) }
    let size = Int(status.st_size)
    if size > limits.maxFileBytes {
      throw Diagnostic(.error, "file is larger than the limit of \(limits.maxFileBytes) bytes", file: path)
    }
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      count = 0
      while count < size, let base = buffer.baseAddress {
        let read = Glibc.read(descriptor, base + count, size - count)
        if read < 0 {
          if errno == EINTR { continue }
          failure = errno
          break
        }
        if read == 0 { break }
        count += read
      }
    }
    if failure != 0 {
      throw Diagnostic(.error, "cannot read file: \(String(cString: strerror(failure)))", file: path)
    }
    return SourceFile(path: path, bytes: bytes)
  }

  /// The first `count` bytes of a file (fewer when it is shorter; none when it cannot be read).
  static func prefix(of path: String, count: Int) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      initialized = 0
      while initialized < count, let base = buffer.baseAddress {
        let read = Glibc.read(descriptor, base + initialized, count - initialized)
        if read < 0, errno == EINTR { continue }
        if read <= 0 { break }
        initialized += read
      }
    }
  }

  static func readBytes(_ path: String) -> [UInt8]? {
    manager.contents(atPath: path).map { [UInt8]($0) }
  }

  /// The files under `path` (or `path` itself) that `accept` takes, sorted; hidden entries are skipped.
  static func files(under path: String, accept: (String) -> Bool) throws -> [String] {
    guard exists(path) else { throw Failure(message: "no such file or directory: \(path)") }
    guard isDirectory(path) else { return [path] }
    var result: [String] = []
    var stack = [path]
    while let directory = stack.popLast() {
      let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
      for entry in entries where !entry.hasPrefix(".") {
        let full = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
        if isDirectory(full) { stack.append(full) } else if accept(full) { result.append(full) }
      }
    }
    return result.sorted()
  }

  /// Writes bytes atomically (a temporary file in the same folder, then rename). When `expected` is
  /// given, refuses if the file no longer holds exactly those bytes (it changed since it was read).
  /// Does nothing when the file already holds `bytes`.
  static func writeAtomically(_ bytes: [UInt8], to path: String, expecting expected: [UInt8]?? = nil) throws {
    let current = readBytes(path)
    if let expected, current != expected {
      throw Failure(message: "\(path) changed since it was read; not overwriting it (run again)")
    }
    if current == bytes { return }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    if !isDirectory(directory) {
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    let temporary = directory + "/." + url.lastPathComponent + ".driftback-\(UInt32.random(in: 0...UInt32.max))"
    guard manager.createFile(atPath: temporary, contents: Data(bytes)) else {
      throw Failure(message: "cannot write \(temporary)")
    }
    if let attributes = try? manager.attributesOfItem(atPath: path), let mode = attributes[.posixPermissions] {
      try? manager.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary)
    }
    guard rename(temporary, path) == 0 else {
      try? manager.removeItem(atPath: temporary)
      throw Failure(message: "cannot replace \(path)")
    }
  }
}
