//! Faults: a killed process, Ctrl-C at each kind of prompt, two terminals at once, and a data
//! folder that cannot be written.

use expectrl::Expect;
use expectrl::process::unix::Signal;
use predicates::prelude::*;

use crate::env::{FIRST_ID, TestEnv};
use crate::pty::{self, Pty, expect, expect_logged, send_line};

/// Each test here starts its session in its environment's first command.
const ID: &str = FIRST_ID;

/// Answers the first three prompts: a text and two lists.
fn answer_three(pty: &mut Pty) {
    expect(pty, "what will you design");
    send_line(pty, "Tweets and timelines");
    expect(pty, "read actions");
    send_line(pty, "home timeline");
    send_line(pty, "");
    expect(pty, "write actions");
    send_line(pty, "post a tweet");
    send_line(pty, "follow a user");
    send_line(pty, "");
    // The next prompt appears only after the answer before it was saved.
    expect(pty, "Other functional behaviours");
}

#[test]
fn a_killed_process_loses_no_answer() {
    let env = TestEnv::new();
    let mut pty = pty::spawn(&env, &["start", "twitter"]);
    answer_three(&mut pty);
    pty.get_process_mut()
        .kill(Signal::SIGKILL)
        .expect("kill sdcoach");
    assert_eq!(pty::exit_code(&pty), None, "killed, so no exit code");
    let lock = env.sessions_dir().join(format!("{ID}.lock"));
    assert!(
        lock.exists(),
        "a killed process cannot remove its lock file"
    );

    let transcript = env.run_ok(&["export", ID]);
    for text in [
        "Tweets and timelines",
        "- home timeline",
        "- post a tweet",
        "- follow a user",
    ] {
        assert!(transcript.contains(text), "{text:?} missing:\n{transcript}");
    }
    // The kernel let go of the killed process's lock: resume goes on where it was at once.
    let mut pty = pty::spawn(&env, &["resume"]);
    expect(&mut pty, &format!("Resuming session {ID}"));
    expect(&mut pty, "Other functional behaviours");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    assert_eq!(pty::exit_code(&pty), Some(0));
    assert!(!lock.exists(), "removed as the resumed interview ends");
}

#[test]
fn list_items_typed_before_a_kill_are_there_on_resume() {
    let env = TestEnv::new();
    let mut pty = pty::spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    send_line(&mut pty, "Tweets and timelines");
    expect(&mut pty, "read actions");
    send_line(&mut pty, "home timeline");
    expect(&mut pty, "2. \u{203a}");
    send_line(&mut pty, "profile");
    // The label of the third item is drawn once the second is saved.
    expect(&mut pty, "3. \u{203a}");
    pty.get_process_mut()
        .kill(Signal::SIGKILL)
        .expect("kill sdcoach");
    assert_eq!(pty::exit_code(&pty), None, "killed, so no exit code");

    // The transcript shows them too, marked as a list not yet ended.
    let transcript = env.run_ok(&["export", ID]);
    assert!(
        transcript.contains("- home timeline *(unfinished)*\n- profile *(unfinished)*\n"),
        "{transcript}"
    );
    assert!(
        !transcript.contains("view?**\n\n*Not answered yet.*"),
        "{transcript}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["export", ID, "--json"])).unwrap();
    assert_eq!(
        report["steps"][0]["unfinished"],
        serde_json::json!({"read_actions": ["home timeline", "profile"]})
    );

    let mut pty = pty::spawn(&env, &["resume"]);
    expect(&mut pty, "read actions");
    expect(&mut pty, "1. home timeline");
    expect(&mut pty, "2. profile");
    expect(&mut pty, "3. \u{203a}");
    send_line(&mut pty, "search");
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    let transcript = env.run_ok(&["export", ID]);
    assert!(
        transcript.contains("- home timeline\n- profile\n- search\n"),
        "{transcript}"
    );
}

/// Runs `sdcoach start twitter` in a shell in the pseudo-terminal, the shell printing the
/// terminal settings before and after; skips `skips` prompts, then presses Ctrl-C at the
/// prompt that shows `prompt`. Returns all the terminal showed.
fn interrupt_at(env: &TestEnv, skips: usize, prompt: &str) -> String {
    end_at(env, skips, prompt, pty::press_ctrl_c)
}

/// As `interrupt_at`, with `end` doing what ends the run.
fn end_at(env: &TestEnv, skips: usize, prompt: &str, end: impl FnOnce(&mut Pty)) -> String {
    let mut command = env.std_command_of("sh");
    command.args([
        "-c",
        // The trap keeps the shell alive through Ctrl-C (a non-interactive shell would die
        // of it); sdcoach gets the default disposition back when it is started.
        r#"trap true INT; echo "BEFORE $(stty -g)"; "$SDCOACH" start twitter; echo "EXIT $?"; echo "AFTER $(stty -g)""#,
    ]);
    let mut pty = pty::spawn_command(command);
    let mut log = String::new();
    pty::expect_logged(&mut pty, "Step 1/7", &mut log);
    for _ in 0..skips {
        send_line(&mut pty, ":skip");
    }
    expect_logged(&mut pty, prompt, &mut log);
    end(&mut pty);
    expect_logged(&mut pty, expectrl::Regex("AFTER [^\r\n]+\r?\n"), &mut log);
    log
}

/// The run saved and exited with `status`, the terminal settings are those it started with,
/// and the cursor is visible.
fn assert_restored(output: &str, status: i32) {
    assert!(
        output.contains("Interrupted. Your answers are saved"),
        "{output}"
    );
    assert!(output.contains(&format!("EXIT {status}")), "{output}");
    let settings = |label: &str| {
        output
            .lines()
            .find_map(|line| line.trim().strip_prefix(label).map(str::to_string))
            .unwrap_or_else(|| panic!("{label} missing:\n{output}"))
    };
    assert_eq!(settings("BEFORE "), settings("AFTER "));
    if let Some(hidden) = output.rfind("\x1b[?25l") {
        let shown = output.rfind("\x1b[?25h");
        assert!(shown > Some(hidden), "cursor left hidden:\n{output:?}");
    }
}

#[test]
fn ctrl_c_at_text_list_and_choice_prompts_saves_and_restores_the_terminal() {
    for (skips, prompt, cursor) in [
        (0, "what will you design", "requirements.scope"),
        (
            1,
            "what do users read or view?",
            "requirements.read_actions",
        ),
        (4, "Which consistency does", "requirements.consistency"),
    ] {
        let env = TestEnv::new();
        assert_restored(&interrupt_at(&env, skips, prompt), 130);
        let session =
            std::fs::read_to_string(env.sessions_dir().join(format!("{ID}.yaml"))).unwrap();
        assert!(session.contains(&format!("cursor: {cursor}")), "{session}");
        assert!(
            !env.sessions_dir().join(format!("{ID}.lock")).exists(),
            "the lock is released on the way out"
        );
    }
}

#[test]
fn sigterm_and_sighup_mid_answer_save_restore_the_terminal_and_release_the_lock() {
    use nix::sys::signal::{Signal::*, kill};
    for (signal, status) in [(SIGTERM, 143), (SIGHUP, 129)] {
        let env = TestEnv::new();
        let lock = env.sessions_dir().join(format!("{ID}.lock"));
        let output = end_at(&env, 0, "what will you design", |pty| {
            send_line(pty, "Tweets and timelines");
            expect(pty, "read actions");
            send_line(pty, "home timeline");
            expect(pty, "2.");
            pty.send("profi").unwrap();
            expect(pty, "profi");
            assert!(lock.exists(), "the interview holds its session's lock");
            let sdcoach = only_child(pty.get_process().pid().as_raw());
            kill(nix::unistd::Pid::from_raw(sdcoach), signal).unwrap();
        });
        assert_restored(&output, status);
        let session =
            std::fs::read_to_string(env.sessions_dir().join(format!("{ID}.yaml"))).unwrap();
        assert!(
            session.contains("requirements.scope: Tweets and timelines"),
            "{session}"
        );
        assert!(session.contains("draft:\n- home timeline\n"), "{session}");
        assert!(!lock.exists(), "{signal:?} left the lock behind");
    }
}

/// The one process whose parent is `pid`: sdcoach, under the shell that runs it. Read from
/// each process's `/proc/<pid>/stat`, which every Linux kernel has.
fn only_child(pid: i32) -> i32 {
    let parent_of = |stat: &str| -> Option<i32> {
        // `pid (name) state ppid ...`; the name may hold spaces and parentheses itself.
        let (_, after_name) = stat.rsplit_once(')')?;
        after_name.split_whitespace().nth(1)?.parse().ok()
    };
    let children: Vec<i32> = std::fs::read_dir("/proc")
        .expect("the process list")
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter(|child| {
            std::fs::read_to_string(format!("/proc/{child}/stat"))
                .is_ok_and(|stat| parent_of(&stat) == Some(pid))
        })
        .collect();
    assert_eq!(
        children.len(),
        1,
        "the shell runs only sdcoach: {children:?}"
    );
    children[0]
}

#[test]
fn sixteen_sessions_started_in_the_same_second_get_their_own_ids() {
    const STARTS: usize = 16;
    let env = TestEnv::new();
    let answers = |n: usize| {
        env.write(
            &format!("answers-{n}.yaml"),
            &format!("requirements.scope: Run {n}\nrequirements.read_actions: \":quit\"\n"),
        )
    };
    // All spawned before any is waited for, and all at the same time.
    let children: Vec<_> = (0..STARTS)
        .map(|n| {
            env.std_command()
                .env("SDCOACH_NOW", crate::env::NOW)
                .args(["start", "twitter", "--answers"])
                .arg(answers(n))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start sdcoach")
        })
        .collect();
    let failures: Vec<String> = children
        .into_iter()
        .map(|child| child.wait_with_output().expect("wait for sdcoach"))
        .filter(|output| !output.status.success())
        .map(|output| {
            let said = String::from_utf8_lossy(&output.stderr);
            format!("{}: {said}", output.status)
        })
        .collect();
    assert_eq!(failures, Vec::<String>::new(), "every start succeeds");
    let ids = env.session_ids();
    let mut expected: Vec<String> = std::iter::once(ID.to_string())
        .chain((2..=STARTS).map(|n| format!("{ID}-{n}")))
        .collect();
    expected.sort();
    assert_eq!(ids, expected, "one id each");
    let mut scopes: Vec<String> = ids
        .iter()
        .map(|id| std::fs::read_to_string(env.sessions_dir().join(format!("{id}.yaml"))).unwrap())
        .map(|session| {
            let line = session.lines().find(|line| line.contains("scope: Run "));
            line.expect("the scope answer").trim().to_string()
        })
        .collect();
    scopes.sort();
    scopes.dedup();
    assert_eq!(scopes.len(), STARTS, "each run's own answer: {scopes:?}");
    let mut left: Vec<String> = std::fs::read_dir(env.sessions_dir())
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".yaml"))
        .collect();
    left.sort();
    assert_eq!(left, Vec::<String>::new(), "no lock or temporary file left");
}

#[test]
fn the_same_session_open_twice_is_refused_in_the_second() {
    let env = TestEnv::new();
    let mut pty = pty::spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    let answers = env.write("more.yaml", "requirements.scope: Elsewhere\n");
    env.command()
        .args(["resume", ID, "--answers"])
        .arg(&answers)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(format!(
                "error: session `{ID}` is open in another sdcoach, which holds the lock on {}",
                env.sessions_dir().join(format!("{ID}.lock")).display()
            ))
            .and(predicate::str::contains(
                "go on in that one, or quit it there and run this command again",
            )),
        );
    send_line(&mut pty, "Tweets only");
    expect(&mut pty, "read actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    assert_eq!(pty::exit_code(&pty), Some(0));
    // Once the first has quit, the second may go on.
    env.command()
        .args(["resume", ID, "--answers"])
        .arg(&answers)
        .assert()
        .success();
}

/// Says that the running test passes without having run, and why: otherwise a machine that
/// cannot run it would look like one where it passed. Named, since tests run side by side.
fn skipped(why: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    eprintln!("skipped: {why}, in {test}");
}

/// `sh -c script` in a user and mount namespace of its own, where the sessions folder is a
/// new tmpfs mounted with `options` (its size, its number of files) that the script may fill
/// or make read-only. A folder's permissions cannot show this: root, which tests may run as,
/// writes through them. None, having said the test is skipped, where the machine allows no
/// such namespace.
fn in_own_sessions_filesystem(
    env: &TestEnv,
    options: &str,
    script: &str,
) -> Option<std::process::Command> {
    let namespace = ["--user", "--map-root-user", "--mount"];
    // A bare probe: one of the environment's commands would move its clock on.
    let allowed = std::process::Command::new("unshare")
        .args(namespace)
        .arg("true")
        .status()
        .is_ok_and(|status| status.success());
    if !allowed {
        skipped("this machine allows no user and mount namespace (unshare)");
        return None;
    }
    std::fs::create_dir_all(env.sessions_dir()).unwrap();
    let mount = format!(r#"mount -t tmpfs -o {options} sdcoach-test "$SDCOACH_HOME/sessions""#);
    let mut command = env.std_command_of("unshare");
    command
        .args(namespace)
        .args(["sh", "-c"])
        .arg(format!("set -e; {mount}; {script}"));
    Some(command)
}

/// Runs the script to its end, which must succeed; None, the test skipped, where it cannot
/// run.
fn run_in_own_sessions_filesystem(env: &TestEnv, options: &str, script: &str) -> Option<()> {
    let output = in_own_sessions_filesystem(env, options, script)?
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{script}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(())
}

#[test]
fn a_full_disk_is_named_and_the_answers_before_it_kept() {
    let env = TestEnv::new();
    env.write(
        "big.yaml",
        &format!(
            "requirements.scope: Saved before the disk filled\nrequirements.read_actions: [{}]\n",
            "x".repeat(40_000)
        ),
    );
    // Room for the session and its lock, not for a copy of it with a 40 kB answer.
    let script = format!(
        r#"if "$SDCOACH" start twitter --answers big.yaml 2>err.txt; then exit 1; fi
        "$SDCOACH" export {ID} -o kept.md"#
    );
    if run_in_own_sessions_filesystem(&env, "size=16k", &script).is_none() {
        return;
    }
    let file = env.sessions_dir().join(format!("{ID}.yaml"));
    assert_eq!(
        env.read("err.txt").lines().last().unwrap(),
        format!(
            "error: cannot save the session in {}: No space left on device (os error 28); what was saved before is kept, and `sdcoach resume` goes on from there",
            file.display()
        )
    );
    let kept = env.read("kept.md");
    assert!(kept.contains("Saved before the disk filled"), "{kept}");
    assert!(!kept.contains("xxxx"), "{kept}");
}

/// Runs `script` at a terminal in its own sessions filesystem, with `temporary` as the
/// temporary folder; answers the scope and types list items until the disk, filled from
/// outside, refuses to save one. Returns the items typed and the file that fills the disk;
/// None, the test skipped, where the machine allows no namespace.
fn type_until_the_disk_is_full(
    env: &TestEnv,
    script: &str,
    temporary: &std::path::Path,
) -> Option<(Pty, Vec<String>, std::path::PathBuf)> {
    let mut command = in_own_sessions_filesystem(env, "size=16k", script)?;
    command.env("TMPDIR", temporary);
    let mut pty = pty::spawn_command(command);
    expect(&mut pty, "what will you design");
    send_line(&mut pty, "Tweets and timelines");
    expect(&mut pty, "read actions");
    // The shell sees its own tmpfs; from outside, it is reached through /proc.
    let pid = pty.get_process().pid();
    let sessions = format!("/proc/{pid}/root{}", env.sessions_dir().display());
    let filler = std::path::Path::new(&sessions).join("filler");
    let _ = std::fs::write(&filler, vec![0; 1 << 20]);
    // Each item is saved as a new copy of the session, which soon needs a page the disk no
    // longer has.
    let mut items = Vec::new();
    let mut shown = String::new();
    while !shown.contains("Not saved:") {
        assert!(items.len() < 100, "never refused:\n{shown}");
        items.push(format!("screen number {}", items.len() + 1));
        send_line(&mut pty, items.last().unwrap());
        let label = format!("{}. \u{203a}", items.len() + 1);
        let found = pty.expect(label.as_str()).unwrap();
        shown = String::from_utf8_lossy(found.before()).into_owned();
    }
    assert!(shown.contains("No space left on device"), "{shown}");
    Some((pty, items, filler))
}

/// The list of the first prompt as the transcript shows it.
fn listed(items: &[String]) -> String {
    items.iter().map(|item| format!("- {item}\n")).collect()
}

#[test]
fn at_a_terminal_a_full_disk_is_reported_and_the_interview_goes_on() {
    let env = TestEnv::new();
    // The tmpfs goes with the namespace, so the transcript is written before it does.
    let script = r#""$SDCOACH" start twitter; "$SDCOACH" export -o kept.md"#;
    let Some((mut pty, mut items, filler)) = type_until_the_disk_is_full(&env, script, env.root())
    else {
        return;
    };
    std::fs::remove_file(&filler).unwrap();
    send_line(&mut pty, "search");
    expect(&mut pty, "Saved again; nothing was lost.");
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    assert_eq!(
        pty::exit_code(&pty),
        Some(0),
        "the export after the interview"
    );
    items.push("search".into());
    let kept = env.read("kept.md");
    let listed = listed(&items);
    assert!(kept.contains(&listed), "{listed}\nmissing from:\n{kept}");
}

#[test]
fn quitting_while_the_disk_is_full_offers_another_try_that_saves_once_there_is_room() {
    let env = TestEnv::new();
    let script = r#""$SDCOACH" start twitter; "$SDCOACH" export -o kept.md"#;
    let Some((mut pty, items, filler)) = type_until_the_disk_is_full(&env, script, env.root())
    else {
        return;
    };
    // The list is ended, and so an answer, though the disk does not take it yet.
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "try saving again?");
    send_line(&mut pty, "y");
    expect(&mut pty, "Not saved:");
    expect(&mut pty, "try saving again?");
    std::fs::remove_file(&filler).unwrap();
    send_line(&mut pty, "y");
    expect(&mut pty, "Saved. Continue with");
    assert_eq!(pty::exit_code(&pty), Some(0), "the export after quitting");
    let kept = env.read("kept.md");
    let listed = listed(&items);
    assert!(kept.contains(&listed), "{listed}\nmissing from:\n{kept}");
}

#[test]
fn quitting_while_the_disk_stays_full_leaves_every_answer_in_a_rescue_file() {
    let env = TestEnv::new();
    let script = r#"if "$SDCOACH" start twitter 2>&1; then echo "EXIT 0"; else echo "EXIT $?"; fi"#;
    let Some((mut pty, items, _filler)) = type_until_the_disk_is_full(&env, script, env.root())
    else {
        return;
    };
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "try saving again?");
    send_line(&mut pty, "n");
    let found = pty
        .expect(expectrl::Regex("EXIT [0-9]+"))
        .expect("the interview ends");
    let said = String::from_utf8_lossy(found.before()).replace("\r\n", " ");
    assert!(found.as_bytes().ends_with(b"EXIT 1"), "{said}");
    let rescue = std::fs::read_dir(env.root())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("sdcoach-{ID}-")) && name.ends_with(".yaml")
        })
        .unwrap_or_else(|| panic!("no rescue file; the terminal showed:\n{said}"));
    let words: Vec<&str> = said.split_whitespace().collect();
    assert!(
        words.contains(&format!("{}:", rescue.display()).as_str()),
        "the rescue file is named: {said}"
    );
    // Moved where the message says, once there is room, it is the whole session.
    let file = env.sessions_dir().join(format!("{ID}.yaml"));
    assert!(said.contains(&file.display().to_string()), "{said}");
    std::fs::rename(&rescue, &file).unwrap();
    let transcript = env.run_ok(&["export", ID]);
    let listed = listed(&items);
    assert!(
        transcript.contains(&listed),
        "{listed}\nmissing from:\n{transcript}"
    );
}

#[test]
fn ctrl_c_while_the_disk_is_full_leaves_every_answer_in_a_rescue_file_at_once() {
    let env = TestEnv::new();
    // Ctrl-C reaches the whole foreground group; the shell's trap keeps it alive to report.
    let script = r#"trap true INT; if "$SDCOACH" start twitter 2>&1; then echo "EXIT 0"; else echo "EXIT $?"; fi"#;
    let Some((mut pty, _items, _filler)) = type_until_the_disk_is_full(&env, script, env.root())
    else {
        return;
    };
    pty::press_ctrl_c(&mut pty);
    let found = pty
        .expect(expectrl::Regex("EXIT [0-9]+"))
        .expect("the interview ends");
    let said = String::from_utf8_lossy(found.before()).into_owned();
    assert!(found.as_bytes().ends_with(b"EXIT 1"), "{said}");
    assert!(said.contains("every answer is in"), "{said}");
    assert!(!said.contains("try saving again?"), "{said}");
    assert!(!said.contains("Your answers are saved"), "{said}");
}

#[test]
fn with_no_room_for_a_rescue_file_either_the_session_is_printed() {
    let env = TestEnv::new();
    let script = r#"if "$SDCOACH" start twitter 2>&1; then echo "EXIT 0"; else echo "EXIT $?"; fi"#;
    let missing = env.root().join("no-such-folder");
    let Some((mut pty, items, _filler)) = type_until_the_disk_is_full(&env, script, &missing)
    else {
        return;
    };
    send_line(&mut pty, ":quit");
    expect(&mut pty, "try saving again?");
    send_line(&mut pty, "n");
    let found = pty
        .expect(expectrl::Regex("EXIT [0-9]+"))
        .expect("the interview ends");
    let said = String::from_utf8_lossy(found.before()).into_owned();
    assert!(found.as_bytes().ends_with(b"EXIT 1"), "{said}");
    assert!(said.contains(&format!("id: {ID}")), "{said}");
    for item in &items {
        assert!(
            said.contains(&format!("- {item}")),
            "{item} not printed:\n{said}"
        );
    }
    assert!(
        said.contains("nor a rescue file written in the temporary folder"),
        "{said}"
    );
}

#[test]
fn a_disk_too_full_for_a_new_session_is_named() {
    let env = TestEnv::new();
    env.write("a.yaml", "requirements.scope: x\n");
    // Two files in all: the folder itself and the session's lock.
    let script = r#"if "$SDCOACH" start twitter --answers a.yaml 2>err.txt; then exit 1; fi"#;
    if run_in_own_sessions_filesystem(&env, "size=1m,nr_inodes=2", script).is_none() {
        return;
    }
    let path = env.sessions_dir().join(format!("{ID}.yaml"));
    let said = env.read("err.txt");
    // The system's error names the temporary file that could not be made, whose name is
    // random.
    let (start, end) = said
        .split_once(" at path ")
        .unwrap_or_else(|| panic!("{said}"));
    assert_eq!(
        start,
        format!(
            "error: cannot create the session file {}: No space left on device (os error 28)",
            path.display()
        )
    );
    assert!(
        end.ends_with("; nothing was saved: make room or fix the folder's permissions (or set SDCOACH_HOME to another folder), then start again\n"),
        "{said}"
    );
}

#[test]
fn a_read_only_sessions_folder_is_named_and_the_last_save_kept() {
    let env = TestEnv::new();
    env.write(
        "quit.yaml",
        "requirements.scope: Kept\nrequirements.read_actions: \":quit\"\n",
    );
    env.write("more.yaml", "requirements.read_actions: [timeline]\n");
    let script = format!(
        r#""$SDCOACH" start twitter --answers quit.yaml 2>/dev/null
        cp "$SDCOACH_HOME/sessions/{ID}.yaml" before.yaml
        mount -o remount,ro "$SDCOACH_HOME/sessions"
        if "$SDCOACH" resume --answers more.yaml 2>err.txt; then exit 1; else echo $? >code.txt; fi
        cmp before.yaml "$SDCOACH_HOME/sessions/{ID}.yaml""#
    );
    if run_in_own_sessions_filesystem(&env, "size=1m", &script).is_none() {
        return;
    }
    assert_eq!(env.read("code.txt"), "1\n");
    assert_eq!(
        env.read("err.txt"),
        format!(
            "error: cannot lock session `{ID}` with the file {}: Read-only file system (os error 30); the sessions folder must be a folder you can write to\n",
            env.sessions_dir().join(format!("{ID}.lock")).display()
        )
    );
}

#[test]
fn a_sessions_folder_that_is_a_file_is_named_in_the_error() {
    let env = TestEnv::new();
    std::fs::write(env.sessions_dir(), "not a folder").unwrap();
    let answers = env.write("a.yaml", "requirements.scope: x\n");
    env.start_twitter(&answers)
        .code(1)
        .stderr(format!(
            "error: cannot create the sessions folder {}: File exists (os error 17); it must be a folder you can write to\n",
            env.sessions_dir().display()
        ));
}

#[test]
fn a_sessions_folder_that_is_a_file_is_named_by_sessions_and_history() {
    let env = TestEnv::new();
    std::fs::write(env.sessions_dir(), "not a folder").unwrap();
    for command in ["sessions", "history"] {
        env.command().arg(command).assert().code(1).stderr(format!(
            "error: cannot read the sessions folder {}: Not a directory (os error 20); it must be a folder you can read\n",
            env.sessions_dir().display()
        ));
    }
}

/// `sdcoach` as a user whom folder permissions bind: root reads through them, so as root
/// it runs as `nobody`.
fn as_permission_bound_user(env: &TestEnv) -> std::process::Command {
    if !rustix::process::geteuid().is_root() {
        return env.std_command();
    }
    let mut command = env.std_command_of("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin!("sdcoach"));
    command
}

#[test]
fn an_unreadable_sessions_folder_is_named_by_sessions_and_history() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    std::fs::create_dir_all(env.sessions_dir()).unwrap();
    let set_mode = |path: &std::path::Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    // Anyone may pass through to the sessions folder, but not read it.
    set_mode(env.root(), 0o755);
    set_mode(&env.home(), 0o755);
    set_mode(&env.sessions_dir(), 0o000);
    for command in ["sessions", "history"] {
        let output = as_permission_bound_user(&env)
            .arg(command)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{command}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!(
                "error: cannot read the sessions folder {}: Permission denied (os error 13); it must be a folder you can read\n",
                env.sessions_dir().display()
            )
        );
    }
    set_mode(&env.sessions_dir(), 0o755);
}

#[test]
fn a_full_or_closed_stderr_never_panics() {
    let env = TestEnv::new();
    for args in [&["calc", "1/0"][..], &["sessions"][..]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let status = env.std_command().args(args).stderr(full).status().unwrap();
        assert!(matches!(status.code(), Some(0 | 2)), "{args:?}: {status}");
    }
}

#[test]
fn a_fifo_among_the_sessions_never_hangs_a_command() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.sessions_dir()).unwrap();
    let fifo = env.sessions_dir().join("20260101-000000-twitter.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for args in [&["sessions"][..], &["history"], &["export"], &["resume"]] {
        let output = env
            .command()
            .args(args)
            .timeout(std::time::Duration::from_secs(10))
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(
            [
                "not a regular file",
                "no saved sessions",
                "no unfinished session"
            ]
            .iter()
            .any(|reason| said.contains(reason)),
            "{args:?}: {said}"
        );
    }
}
