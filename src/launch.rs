//! What `disclose` does when it is double-clicked: started with no arguments on a console
//! of its own (Windows Explorer makes one for a console program and closes it the moment
//! the program exits). A clerk who double-clicks `disclose.exe` should not see a window
//! flash and vanish, so instead of clap's usage error the program
//!
//! - previews the site when the folder it was started in (or the folder of the program)
//!   holds a `site.yaml`: `serve --open` on that folder, the window staying open while
//!   the preview runs;
//! - otherwise prints a Chinese quick start and waits for Enter before the window closes.
//!
//! Started from a terminal (cmd.exe, PowerShell, a shell), with or without arguments,
//! nothing here applies and the command line is parsed as usual.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::SiteOptions;
use crate::serve::{ServeOptions, serve};

/// The preview port of a double-clicked start; a free one is taken when it is in use
/// (a second window, another program).
const PORT: u16 = 1111;

/// What a start without arguments does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Parse the command line as usual: started from a terminal, or with arguments.
    CommandLine,
    /// Preview the site in this folder.
    Serve(PathBuf),
    /// Print the quick start and wait for Enter.
    QuickStart,
}

/// Decides what to do. `arguments` counts the program name; `own_console` is true when
/// the process was given a console of its own (double-clicked); `folders` are the places
/// to look for a site, the first holding `site.yaml` winning.
pub fn plan(arguments: usize, own_console: bool, folders: &[PathBuf]) -> Plan {
    if arguments > 1 || !own_console {
        return Plan::CommandLine;
    }
    folders
        .iter()
        .find(|dir| dir.join("site.yaml").is_file())
        .map_or(Plan::QuickStart, |dir| Plan::Serve(dir.clone()))
}

/// The hook in `main`: `Some(exit code)` when the program was double-clicked and has done
/// what it does then, `None` when the command line should be parsed as usual.
pub fn double_clicked() -> Option<ExitCode> {
    let arguments = std::env::args_os().len();
    if arguments > 1 || !own_console() {
        return None;
    }
    let exe = std::env::current_exe().ok();
    let folders: Vec<PathBuf> = [
        std::env::current_dir().ok(),
        exe.as_deref().and_then(Path::parent).map(Path::to_path_buf),
    ]
    .into_iter()
    .flatten()
    .collect();
    let name = exe
        .as_deref()
        .and_then(Path::file_name)
        .map_or_else(|| "disclose.exe".into(), |n| n.to_string_lossy().into_owned());
    match plan(arguments, true, &folders) {
        Plan::CommandLine => None,
        Plan::Serve(dir) => Some(preview(&dir)),
        Plan::QuickStart => {
            eprint!("{}", quick_start(&name));
            wait_for_enter();
            Some(ExitCode::SUCCESS)
        }
    }
}

/// The text shown to someone who double-clicked the program outside a site folder.
pub fn quick_start(exe: &str) -> String {
    format!(
        "\
disclose {version} —— 督察整改和信访件办理情况公开网站生成工具

disclose 是命令行程序：要在“命令提示符”(cmd) 或 PowerShell 窗口里输入命令使用，
双击只会显示这段说明。

快速开始：
  1. 打开本程序所在的文件夹，在地址栏输入 cmd 后按回车，打开命令提示符窗口。
  2. 新建一个示例网站：        .\\{exe} init 我的网站
  3. 预览（自动打开浏览器）：  .\\{exe} serve --open --root 我的网站
     修改并保存文件后，页面自动刷新；按 Ctrl+C 停止预览。
  4. 生成要上传的网站：        .\\{exe} build --root 我的网站
     生成的网站在“我的网站\\public”文件夹里。
  从 Excel 台账导入：          .\\{exe} import --root 我的网站 台账.xlsx
  查看全部命令：               .\\{exe} --help

以后把 {exe} 复制到网站文件夹（有 site.yaml 的那个）里，双击它即可预览。

按回车键关闭本窗口。
",
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Runs the preview of `dir`; on an error the window stays until Enter, so it can be read.
fn preview(dir: &Path) -> ExitCode {
    eprintln!(
        "disclose {}：正在预览 {} 里的网站……\n浏览器会自动打开；修改并保存文件后页面自动刷新。关闭本窗口即可停止预览。\n",
        env!("CARGO_PKG_VERSION"),
        dir.display()
    );
    let options = ServeOptions {
        site: SiteOptions {
            root: dir.to_path_buf(),
            as_of: None,
            drafts: false,
            check_links: None,
        },
        bind: "127.0.0.1".into(),
        port: if port_free(PORT) { PORT } else { 0 },
        open: true,
        // The double-clicked launcher speaks Chinese (its prompts above are Chinese).
        lang: crate::i18n::Lang::ZhCn,
    };
    match serve(options, |url| eprintln!("预览地址：{url}")) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}\n\n按回车键关闭本窗口。");
            wait_for_enter();
            ExitCode::from(1)
        }
    }
}

/// True when nothing listens on the loopback `port` (checked by binding it for a moment).
fn port_free(port: u16) -> bool {
    std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
}

/// Blocks until a line (or end of input) arrives on stdin.
fn wait_for_enter() {
    let _ = std::io::stderr().flush();
    let _ = std::io::stdin().lock().read_line(&mut String::new());
}

/// True when this process is the only one on its console: Explorer made the console for
/// it (a double-click), rather than a cmd.exe or PowerShell that will outlive it.
#[cfg(windows)]
fn own_console() -> bool {
    use windows_sys::Win32::System::Console::GetConsoleProcessList;
    let mut processes = [0u32; 2];
    // SAFETY: the buffer is valid for the two entries its length says.
    let attached = unsafe { GetConsoleProcessList(processes.as_mut_ptr(), 2) };
    attached == 1
}

/// Elsewhere a program started without arguments either has a terminal, which shows the
/// usage error and stays open, or has nowhere to show anything.
#[cfg(not(windows))]
fn own_console() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_or_a_terminal_mean_the_command_line() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("site.yaml"), "title: x\n").unwrap();
        let folders = [site.path().to_path_buf()];
        assert_eq!(plan(2, true, &folders), Plan::CommandLine);
        assert_eq!(plan(1, false, &folders), Plan::CommandLine);
        assert_eq!(plan(3, false, &folders), Plan::CommandLine);
    }

    #[test]
    fn a_double_click_previews_the_first_folder_with_a_site() {
        let empty = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        let nested = site.path().join("我的 网站");
        std::fs::create_dir(&nested).unwrap();
        std::fs::write(nested.join("site.yaml"), "title: x\n").unwrap();
        // A folder named site.yaml is not a site.
        std::fs::create_dir(empty.path().join("site.yaml")).unwrap();
        let folders = [empty.path().to_path_buf(), nested.clone()];
        assert_eq!(plan(1, true, &folders), Plan::Serve(nested));
    }

    #[test]
    fn a_double_click_elsewhere_shows_the_quick_start() {
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(plan(1, true, &[empty.path().to_path_buf()]), Plan::QuickStart);
        assert_eq!(plan(1, true, &[]), Plan::QuickStart);
    }

    #[test]
    fn the_quick_start_names_the_program_as_it_is_called() {
        let text = quick_start("disclose-0.1.0.exe");
        assert!(text.contains(r".\disclose-0.1.0.exe init 我的网站"));
        assert!(text.contains(r".\disclose-0.1.0.exe serve --open --root 我的网站"));
        assert!(text.contains("按回车键关闭本窗口"));
        assert!(!text.contains(r".\disclose.exe"));
    }
}
