# 命令运行时显示的文字：结果汇总、进度、提示。

error-prefix = 错误：
progress-building = 正在生成网站…

run-build = 生成
run-check = 检查
run-status-ok = { $command }完成
run-status-failed = { $command }失败
run-summary = { $status }：{ $records }{ $written }{ $as_of }；{ $counts }；用时 { $seconds } 秒
run-summary-records = { $count } 条记录
run-summary-written = ，{ $pages } 个页面，{ $files } 个文件（{ $size }），在 { $out }
run-summary-saved = ；预压缩后整站下载量：.gz 省 { $gzip }，.br 省 { $brotli }
run-summary-as-of = ，数据截至 { $date }
run-summary-counts = { $errors } 个错误，{ $warnings } 个警告

serve-listening = 预览地址：{ $url }（按 Ctrl-C 停止）
serve-watching = 正在留意 { $root } 里的改动：每次保存都会重新生成预览
serve-rebuilt-incremental = 已重新生成（只生成改动的部分）：{ $records } 条记录；重新生成 { $rendered } 个文件，沿用 { $kept } 个；页面用时 { $pages_ms } 毫秒，全部用时 { $all_ms } 毫秒
serve-rebuilt-full = 已全部重新生成：{ $records } 条记录，{ $pages } 个页面，用时 { $ms } 毫秒
serve-no-browser = 无法打开浏览器（{ $error }）；请自己在浏览器里打开 { $url }
serve-cannot-start = 无法启动预览服务：{ $error }
serve-cannot-listen = 无法在 { $addr } 上提供预览：{ $error }（换一个端口试试：--port 8080）
serve-cannot-watch = 无法留意网站文件夹 { $root } 的改动：{ $error }
serve-rebuild-failed = 重新生成失败：{ $errors } 个错误；仍显示上一次成功生成的网站

init-done = 已在 { $dir } 新建网站（{ $files } 个文件）；下一步：cd { $dir }，再运行 disclose serve
new-done = 已写出 { $path }；填好各项内容后运行 disclose check

deploy-added = 新增：{ $path }
deploy-changed = 修改：{ $path }
deploy-removed = 删除：{ $path }
deploy-recovered = 警告：{ $what }
deploy-summary = { $action }{ $result }：{ $files } 个文件；新增 { $added }，修改 { $changed }，删除 { $removed }
deploy-action-deploy = 发布
deploy-action-rollback = 回退
deploy-result-ok = 完成
deploy-result-dry-run = （演练，未改动）

import-summary-ok = 导入完成：{ $created_label } { $created } 条，{ $updated_label } { $updated } 条，{ $unchanged } 条没有变化，{ $failed } 行有错误
import-summary-failed = 导入失败：{ $created_label } { $created } 条，{ $updated_label } { $updated } 条，{ $unchanged } 条没有变化，{ $failed } 行有错误
import-created = 新建
import-would-create = 将新建
import-updated = 更新
import-would-update = 将更新
error-code-prefix = 错误[{ $code }]：
warning-prefix = 警告[{ $code }]：
diag-label-help = 怎么改：{ $help }
diag-label-at = 位置：{ $place }
import-check-failed = 导入后检查未通过：{ $errors } 个错误；请修正后运行 disclose check
import-error-mapping-unreadable = 无法读取对照表文件 { $path }：{ $error }
import-error-mapping-invalid = 对照表文件 { $path } 格式不对：{ $error }；可从 disclose import --print-mapping 的输出改起
import-error-ledger = 台账读不出来：{ $error }
import-error-no-sheet = { $ledger } 里没有名为“{ $name }”的工作表；现有工作表：{ $sheets }
import-error-no-sheets = { $ledger } 里没有工作表
import-error-record-text = 无法把记录写成 YAML：{ $error }
import-error-write = 无法写入 { $path }：{ $error }

keygen-exists = { $secret } 或 { $public } 已存在；要替换请加 --force
keygen-cannot-write = 无法写出密钥：{ $error }
keygen-no-randomness = 无法生成密钥：系统取不到随机数（{ $error }）
keygen-done = 已写出 { $secret }（私钥，务必保密）和 { $public }（公钥，可公开）
keygen-site-yaml = 把下面几行加进 site.yaml，网站每页都会显示公钥指纹：

verify-cannot-read-key = 无法读取公钥文件 { $path }：{ $error }
verify-changed = 被改动：{ $path }
verify-missing = 缺少：{ $path }
verify-extra = 多出：{ $path }
verify-symlink = 符号链接（不允许：发布的网站只能包含文件和文件夹）：{ $path }
verify-signature-valid = 签名：有效
verify-signature-invalid = 签名：无效：{ $why }
verify-ok = 核对通过：{ $files } 个文件与 manifest.json 一致（未签名：只能说明文件齐全未改，不能说明是谁发布的）
verify-ok-signed = 核对通过：{ $files } 个文件与 manifest.json 一致，签名属于发布机关
verify-ok-hashes-only = 核对通过：{ $files } 个文件与 manifest.json 一致（未核对签名：--hashes-only）
verify-failed = 核对不通过：{ $changed } 个被改动，{ $missing } 个缺少，{ $extra } 个多出，{ $failed } 个无法核对，{ $symlinks } 个符号链接
verify-not-checked = 无法核对：{ $path }：{ $why }
verify-fingerprint = 公钥指纹：{ $fingerprint }
verify-checked-url = 已核对 { $root }（{ $files } 个文件，数据截至 { $as_of }）
verify-built-for = 注意：这次发布是按 { $url } 生成的
verify-needs-key = 这是有签名的发布：请用 --key 给出发布机关的公钥，才能核对是谁发布的；只核对文件哈希什么也证明不了
verify-needs-key-help = 帮助：disclose verify { $site } --key disclose.pub（只核对文件是否齐全未改可用 --hashes-only）
verify-bad-signature = 核对不通过：签名不符
serve-overlay-heading = 网站有错，下面列出；浏览器里显示的是上一次成功生成的网站。
