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
  /// Symbolic links are followed, but every directory and file is visited once (by device and inode), so
  /// a link loop ends instead of growing without bound.
  static func files(under path: String, accept: (String) -> Bool) throws -> [String] {
    guard exists(path) else { throw Failure(message: "no such file or directory: \(path)") }
    guard isDirectory(path) else { return accept(path) ? [path] : [] }
    var result: [String] = []
    var seen = Set<FileIdentity>()
    var stack = [path]
    while let directory = stack.popLast() {
      guard let identity = FileIdentity(path: directory), seen.insert(identity).inserted else { continue }
      let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
      for entry in entries where !entry.hasPrefix(".") {
        let full = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
        if isDirectory(full) {
          stack.append(full)
        } else if accept(full), let file = FileIdentity(path: full), seen.insert(file).inserted {
          result.append(full)
        }
      }
    }
    return result.sorted()
  }

  /// A file's device and inode: the same file reached through two paths has one identity.
  struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
      var status = stat()
      guard stat(path, &status) == 0 else { return nil }
      device = UInt64(status.st_dev)
      inode = UInt64(status.st_ino)
    }
  }

  /// One file to write: its path, the new bytes, and what it must still hold (`.some(nil)`: it must not
  /// exist yet; `nil`: anything).
  struct PlannedWrite {
    var path: String
    var bytes: [UInt8]
    var expected: [UInt8]??
  }

  /// Writes bytes atomically (a temporary file in the same folder, then rename). When `expected` is
  /// given, refuses if the file no longer holds exactly those bytes (it changed since it was read).
  /// Does nothing when the file already holds `bytes`.
  static func writeAtomically(_ bytes: [UInt8], to path: String, expecting expected: [UInt8]?? = nil) throws {
    try writeAllOrNothing([PlannedWrite(path: path, bytes: bytes, expected: expected)])
  }

  /// Writes several files so that either all of them change or none does: every file is checked first
  /// (unchanged since read, writable), then every new content goes to a temporary file next to its
  /// target, and only then are the temporary files renamed into place. A symbolic link is kept: its
  /// target is written. The target's permissions are kept.
  static func writeAllOrNothing(_ writes: [PlannedWrite]) throws {
    var staged: [(temporary: String, target: String)] = []
    func discard() {
      for item in staged { unlink(item.temporary) }
    }
    var pending: [(target: String, bytes: [UInt8], mode: mode_t?)] = []
    var special: [(target: String, bytes: [UInt8])] = []
    for write in writes {
      let target = resolvedPath(write.path)
      let current = readBytes(target)
      if let expected = write.expected, current != expected {
        throw Failure(
          message: expected == nil
            ? "\(write.path) exists already; not overwriting it"
            : "\(write.path) changed since it was read; not overwriting it (run again)")
      }
      var status = stat()
      let exists = stat(target, &status) == 0
      if exists, status.st_mode & S_IFMT == S_IFDIR {
        throw Failure(message: "\(write.path) is a directory; not changing any file")
      }
      if exists, status.st_mode & S_IFMT != S_IFREG {
        // A device, pipe or socket (`--output /dev/stdout`, `/dev/null`): written to, never replaced.
        special.append((target, write.bytes))
        continue
      }
      if current == write.bytes { continue }
      let mode: mode_t? = exists ? status.st_mode & 0o7777 : nil
      if current != nil, access(target, W_OK) != 0 {
        throw Failure(message: "\(write.path) is not writable; not changing any file")
      }
      pending.append((target, write.bytes, mode))
    }
    for item in pending {
      let directory = URL(fileURLWithPath: item.target).deletingLastPathComponent().path
      if !isDirectory(directory) {
        do {
          try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
          discard()
          throw Failure(message: "cannot create the folder \(directory) for \(item.target)")
        }
      }
      var template = Array((directory + "/.driftback-XXXXXX").utf8CString)
      let descriptor = template.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress.map { mkstemp($0) } ?? -1
      }
      guard descriptor >= 0 else {
        discard()
        throw Failure(message: "cannot write next to \(item.target): \(String(cString: strerror(errno)))")
      }
      let temporary = String(cString: template)
      staged.append((temporary, item.target))
      let written = writeFully(descriptor, item.bytes)
      fchmod(descriptor, item.mode ?? 0o644)
      let synced = fsync(descriptor) == 0
      close(descriptor)
      guard written, synced else {
        discard()
        throw Failure(message: "cannot write \(item.target): \(String(cString: strerror(errno)))")
      }
    }
    for (index, item) in staged.enumerated() where rename(item.temporary, item.target) != 0 {
      for rest in staged[index...] { unlink(rest.temporary) }
      throw Failure(message: "cannot replace \(item.target): \(String(cString: strerror(errno)))")
    }
    for item in special {
      let descriptor = open(item.target, O_WRONLY)
      guard descriptor >= 0 else {
        throw Failure(message: "cannot write \(item.target): \(String(cString: strerror(errno)))")
      }
      defer { close(descriptor) }
      guard writeFully(descriptor, item.bytes) else {
        throw Failure(message: "cannot write \(item.target): \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Writes all the bytes to a descriptor (retrying interrupted and short writes); false on an error.
  static func writeFully(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw -> Bool in
      var offset = 0
      while offset < raw.count, let base = raw.baseAddress {
        let count = Glibc.write(descriptor, base + offset, raw.count - offset)
        if count < 0, errno == EINTR { continue }
        if count <= 0 { return false }
        offset += count
      }
      return true
    }
  }

  /// The path a symbolic link points to (the path itself when it is not a link or does not exist yet).
  /// An absolute path with symbolic links resolved as far as the path exists (a path that no longer exists
  /// in the working tree, but did at a revision, keeps its last components).
  static func absolutePath(_ path: String) -> String {
    if exists(path) { return resolvedPath(path) }
    let url = URL(fileURLWithPath: path)
    let parent = url.deletingLastPathComponent().path
    guard parent != path, !parent.isEmpty else { return url.standardizedFileURL.path }
    return absolutePath(parent) + "/" + url.lastPathComponent
  }

  static func resolvedPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// `path` relative to the working directory when it lies below it (for diffs that `git apply` takes).
  static func relativeToWorkingDirectory(_ path: String) -> String {
    guard path.hasPrefix("/") else { return path }
    let base = manager.currentDirectoryPath
    let prefix = base.hasSuffix("/") ? base : base + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : String(path.dropFirst())
  }
}
