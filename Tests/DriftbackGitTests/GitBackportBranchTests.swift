import DriftbackGit
import Foundation
import Testing

/// The back-port path: one commit built in the object database, a branch pointing at it, and nothing else
/// of the user's touched.
@Suite("Back-port branches", .enabled(if: GitCLI.isAvailable, GitCLI.skipComment))
struct GitBackportBranchTests {
  private let signature = GitFixture.signature

  @Test func createsABranchWithOneCommitAndLeavesADirtyWorkingTreeAlone() throws {
    let fixture = try GitFixture.standard()
    try fixture.makeDirty()
    let before = try fixture.state()
    #expect(
      before.files.keys.sorted()
        == ["README.md", "iac/db.yaml", "iac/déploiement/web.yaml", "notes.txt", "scripts/deploy.sh"])
    let repository = try GitRepository(path: fixture.workingDirectory)
    let base = try repository.resolve("HEAD")

    let commit = try repository.commit(
      changes: [
        GitFixture.webPath: Array(GitFixture.webV2.replacingOccurrences(of: "replicas: 4", with: "replicas: 5").utf8),
        "iac/déploiement/nouveau.yaml": Array("kind: ConfigMap\n".utf8),
        "scripts/deploy.sh": Array("#!/bin/sh\nkubectl apply -k iac\n".utf8),
      ],
      parent: base, message: "Back-port replicas\n\nDriftback-Finding: abc123", author: signature,
      committer: signature)
    try repository.setBranch("driftback/abc123", to: commit, force: false, reflogMessage: "driftback: back-port abc123")

    #expect(try fixture.git("log", "--format=%P", "-1", "driftback/abc123") == base.hex)
    #expect(try fixture.git("rev-parse", "driftback/abc123") == commit.hex)
    #expect(try repository.branchTip("driftback/abc123") == commit)
    #expect(
      try fixture.git("diff", "--name-status", base.hex, "driftback/abc123")
        == "A\tiac/déploiement/nouveau.yaml\nM\tiac/déploiement/web.yaml\nM\tscripts/deploy.sh")
    #expect(
      try fixture.git("show", "driftback/abc123", "--format=", "--numstat")
        == "1\t0\tiac/déploiement/nouveau.yaml\n1\t1\tiac/déploiement/web.yaml\n1\t1\tscripts/deploy.sh")
    let diff = try fixture.git("diff", base.hex, "driftback/abc123", "--", GitFixture.webPath)
    #expect(diff.contains("-  replicas: 4\n+  replicas: 5"))
    // Modes: the executable stays executable, the new file is a plain file.
    #expect(try fixture.git("ls-tree", "driftback/abc123", "scripts/deploy.sh").hasPrefix("100755 blob "))
    #expect(try fixture.git("ls-tree", "driftback/abc123", "iac/déploiement/nouveau.yaml").hasPrefix("100644 blob "))
    let people = try fixture.git("log", "-1", "--format=%an <%ae> %at %ai|%cn <%ce> %ct", "driftback/abc123")
    #expect(
      people
        == "Driftback Test <driftback@example.com> 1700000100 2023-11-14 23:15:00 +0100|"
        + "Driftback Test <driftback@example.com> 1700000100")
    #expect(try repository.commitMessage(commit) == "Back-port replicas\n\nDriftback-Finding: abc123\n")
    let trailer = try fixture.git("log", "-1", "--format=%(trailers:key=Driftback-Finding,valueonly)", commit.hex)
    #expect(trailer.trimmingCharacters(in: .newlines) == "abc123")
    #expect(try fixture.git("log", "-g", "--format=%gs", "driftback/abc123") == "driftback: back-port abc123")
    try fixture.git("fsck", "--strict", "--no-dangling")

    // Byte for byte: status, index, HEAD, the other refs and every working-tree file.
    let after = try fixture.state(ignoring: ["driftback/abc123"])
    #expect(after == before)
    #expect(after.status == " M README.md\nM  iac/db.yaml\n?? notes.txt")
  }

  @Test func theSameInputsGiveTheSameCommitAsGitCommitTree() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let base = try repository.resolve("main")
    let changes: [String: [UInt8]?] = [GitFixture.webPath: Array("replicas: 7\n".utf8)]
    let first = try repository.commit(
      changes: changes, parent: base, message: "Pin replicas  \n\n\n", author: signature, committer: signature)
    let second = try repository.commit(
      changes: changes, parent: base, message: "Pin replicas  \n\n\n", author: signature, committer: signature)
    #expect(first == second)

    // git builds the identical commit from the same tree, parent, people, dates and (cleaned-up) message.
    let tree = try fixture.git("rev-parse", "\(first.hex)^{tree}")
    let expected = try fixture.text(
      ["commit-tree", tree, "-p", base.hex, "-m", "Pin replicas"],
      environment: [
        "GIT_AUTHOR_NAME": signature.name, "GIT_AUTHOR_EMAIL": signature.email,
        "GIT_AUTHOR_DATE": "@1700000100 +0100", "GIT_COMMITTER_NAME": signature.name,
        "GIT_COMMITTER_EMAIL": signature.email, "GIT_COMMITTER_DATE": "@1700000100 +0100",
      ])
    #expect(first.hex == expected)
    #expect(try repository.commitMessage(first) == "Pin replicas\n")
    #expect(try repository.parents(of: first) == [base])
  }

  @Test func deletesFilesAndTheFoldersTheyLeaveEmpty() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let base = try repository.resolve("HEAD")
    let commit = try repository.commit(
      changes: ["iac/db.yaml": nil, GitFixture.webPath: nil], parent: base, message: "Remove", author: signature,
      committer: signature)
    try repository.setBranch("removal", to: commit, force: false, reflogMessage: "test")

    #expect(
      try fixture.git("diff", "--name-status", base.hex, "removal") == "D\tiac/db.yaml\nD\tiac/déploiement/web.yaml")
    #expect(try fixture.git("ls-tree", "-r", "-t", "--name-only", "removal") == "README.md\nscripts\nscripts/deploy.sh")
    #expect(try repository.files(under: "", at: commit) == ["README.md", "scripts/deploy.sh"])
    try fixture.git("fsck", "--strict", "--no-dangling")

    #expect {
      try repository.commit(
        changes: ["iac/absent.yaml": nil], parent: base, message: "Remove", author: signature, committer: signature)
    } throws: { error in
      (error as? GitError)?.description
        == "cannot create a commit on \(base.hex.prefix(7)) in \(fixture.workingDirectory): "
        + "cannot delete 'iac/absent.yaml': no such file at \(base.hex.prefix(7))"
    }
  }

  @Test func chainsTwoCommitsOnOneBranch() throws {
    let fixture = try GitFixture.standard()
    try fixture.makeDirty()
    let before = try fixture.state()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let base = try repository.resolve("HEAD")

    let first = try repository.commit(
      changes: [GitFixture.webPath: Array("replicas: 5\n".utf8)], parent: base, message: "Finding one",
      author: signature, committer: signature)
    try repository.setBranch("driftback/all", to: first, force: false, reflogMessage: "finding one")
    let tip = try #require(try repository.branchTip("driftback/all"))
    let second = try repository.commit(
      changes: ["iac/db.yaml": Array("kind: StatefulSet\nspec:\n  replicas: 2\n".utf8)], parent: tip,
      message: "Finding two", author: signature, committer: signature)
    try repository.setBranch("driftback/all", to: second, force: true, reflogMessage: "finding two")

    #expect(
      try fixture.git("log", "--format=%H %P %s", "\(base.hex)..driftback/all")
        == "\(second.hex) \(first.hex) Finding two\n\(first.hex) \(base.hex) Finding one")
    #expect(try repository.readFile(GitFixture.webPath, at: second) == Array("replicas: 5\n".utf8))
    #expect(try fixture.git("log", "-g", "--format=%gs", "driftback/all") == "finding two\nfinding one")
    #expect(try fixture.state(ignoring: ["driftback/all"]) == before)
  }

  @Test func worksInABareRepository() throws {
    let fixture = try GitFixture.standard()
    let barePath = fixture.root + "/bare.git"
    try fixture.run(["init", "-q", "--bare", "-b", "main", barePath], in: fixture.root)
    try fixture.git("push", "-q", barePath, "main", "v1")

    let repository = try GitRepository(path: barePath)
    #expect(repository.isBare)
    #expect(repository.workingDirectory == nil)
    #expect(repository.gitDirectory == barePath)
    #expect(repository.currentBranch == "main")
    let base = try repository.resolve("main")
    #expect(base.hex == (try fixture.git("rev-parse", "main")))
    #expect(
      try repository.readFile(GitFixture.webPath, at: try repository.resolve("v1")) == Array(GitFixture.webV1.utf8))

    let commit = try repository.commit(
      changes: [GitFixture.webPath: Array("replicas: 6\n".utf8)], parent: base, message: "Bare back-port",
      author: signature, committer: signature)
    try repository.setBranch("driftback/bare", to: commit, force: false, reflogMessage: "test")
    #expect(try fixture.text(["log", "--format=%P", "-1", "driftback/bare"], in: barePath) == base.hex)
    #expect(
      try fixture.text(["diff", "--name-status", "main", "driftback/bare"], in: barePath)
        == "M\tiac/déploiement/web.yaml")
    // Nothing is checked out in a bare repository, so even the branch HEAD names may be moved.
    try repository.setBranch("main", to: commit, force: true, reflogMessage: "test")
    #expect(try fixture.text(["rev-parse", "main"], in: barePath) == commit.hex)

    let discovered = try GitRepository.discover(containing: barePath + "/refs/heads")
    #expect(discovered.isBare)
    #expect(discovered.gitDirectory == barePath)
  }
}
