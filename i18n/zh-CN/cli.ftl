# disclose 的命令行帮助（disclose --help、disclose <命令> --help）。
# 每条的键在 i18n/en/cli.ftl 中也要有，且占位符（{ $… }）相同。

cli = disclose：把督察整改问题和信访交办件的整改情况发布成网站。
cli-build = 生成网站，放到输出文件夹（默认 public/）
cli-check = 检查网站的内容是否有错，不写出任何文件
cli-serve = 在本机预览网站；文件一改就重新生成并刷新浏览器
cli-init = 新建一个网站（带示例内容和默认主题）
cli-new = 按类型的模板新建一条记录
cli-import = 从 Excel 或 CSV 整改台账导入记录
cli-deploy = 把生成好的网站发布到网站目录（一次切换，保留上一版可回退）
cli-keygen = 生成签名用的密钥对（ed25519），用于给 manifest.json 签名
cli-verify = 按清单和签名核对生成、下载或线上（网址）的网站是否被改动
cli-help = 显示本帮助，或某个命令的帮助
cli-help-command = 要看帮助的命令

cli-heading-usage = 用法：
cli-heading-options = 选项
cli-heading-arguments = 参数
cli-heading-commands = 命令
cli-value-command = 命令
cli-value-options = 选项
cli-possible = （可选：{ $values }）
cli-default = （默认：{ $value }）
list-separator = 、

cli-arg-help = 显示帮助
cli-arg-version = 显示版本号
cli-arg-lang = 提示和帮助的语言：zh-CN（中文）或 en（英文）；不写时依次看环境变量 DISCLOSE_LANG、site.yaml 的 language、系统语言
cli-value-lang = 语言
cli-arg-root = 网站文件夹（含 site.yaml 的那个）
cli-value-root = 文件夹
cli-arg-as-of = 数据截至日期，写成 2022-06-30（不写时用 site.yaml 的 as_of，其次 SOURCE_DATE_EPOCH，再次今天）
cli-value-as-of = 日期
cli-arg-drafts = 连同标为草稿（draft: true）的记录和页面一起处理
cli-arg-quiet = 只显示错误
cli-arg-check-links = 逐个打开内容里指向其他网站的链接（同时 4 个），打不开的给出提示
cli-arg-link-timeout = 用 --check-links 时每个链接最多等几秒
cli-value-link-timeout = 秒数

cli-build-out = 输出文件夹（默认：网站文件夹下的 public）
cli-value-out = 文件夹
cli-build-base-url = 网站地址，代替 site.yaml 的 base_url
cli-value-base-url = 地址
cli-build-sign-key = 用这个私钥文件给 manifest.json 签名（写出 manifest.sig）
cli-value-sign-key = 私钥文件
cli-build-previous = 上一次发布的网站，用来列出本次的变化（默认：输出文件夹里现有的）
cli-value-previous = 文件夹
cli-build-timings = 显示每个生成步骤用了多少时间
cli-build-precompress = 为每个网页、样式、脚本、数据文件另存 .gz 和 .br 压缩版（供 nginx 直接发送）
cli-build-relative-urls = 所有链接写成相对地址，网站可以直接从文件夹或 U 盘打开

cli-check-format = 结果的格式：text（给人看，带出错的原文）或 json（给自动检查用）
cli-value-format = 格式

cli-serve-bind = 监听的地址（默认只限本机；写 0.0.0.0 可让同一网络的电脑访问）
cli-value-bind = 地址
cli-serve-port = 端口（写 0 自动选一个空闲的）
cli-value-port = 端口
cli-serve-open = 在默认浏览器中打开预览

cli-init-dir = 新网站的文件夹（不存在会自动创建）
cli-value-dir = 文件夹
cli-init-force = 文件夹里已有文件也照样写入

cli-new-kind = 记录类型：feedback（督察反馈问题）、lookback（回头看问题）、complaint（信访举报件）、task（整改任务）
cli-value-kind = 类型
cli-new-id = 记录编号（成为 content/records/<编号>.md 和网址的一部分）
cli-new-as-of = 写入新记录的日期（默认 site.yaml 的 as_of，其次 SOURCE_DATE_EPOCH，再次今天）
cli-value-id = 编号

cli-import-ledger = 台账文件：.xlsx、.xls、.ods 或 .csv（UTF-8 或 GB18030 编码均可）
cli-value-ledger = 台账文件
cli-import-sheet = 要读的工作表（默认第一个）
cli-value-sheet = 工作表
cli-import-mapping = 列名和取值的对照表（YAML 文件），在内置对照表上增补和覆盖；可先用 --print-mapping 导出一份再改
cli-import-replace-mapping = 只用 --mapping 文件，不用内置对照表
cli-value-mapping = 对照表
cli-import-print-mapping = 显示内置的对照表（YAML）后退出
cli-import-kind = 台账里没有“类型”列时，每一行的记录类型
cli-import-inspection = 台账里没有“督察轮次”列时，每一行的督察轮次编号
cli-value-inspection = 轮次编号
cli-import-update = 合并到已有记录：整改状态或进展有变化时，追加一条带日期的进展
cli-import-dry-run = 只显示会新建或修改什么（逐行对比），不写任何文件
cli-import-date = 追加进展的日期（默认 site.yaml 的 as_of，其次 SOURCE_DATE_EPOCH，再次今天）
cli-value-date = 日期

cli-deploy-to = 要发布到的网站目录（例如 /var/www/dczg）
cli-value-to = 目录
cli-deploy-site = 生成好的网站（默认：网站文件夹下的 public）
cli-value-site = 文件夹
cli-deploy-rollback = 恢复上一次发布的版本
cli-deploy-dry-run = 只列出会新增、修改、删除的文件，不做改动

cli-keygen-out = 存放 disclose.key（私钥，须保密）和 disclose.pub（公钥，可公开）的文件夹
cli-keygen-force = 覆盖已有的密钥文件

cli-verify-target = 要核对的网站：含 manifest.json 的文件夹，或线上网站的网址（如 https://www.example.gov.cn/dczg/），按群众看到的样子逐个下载核对
cli-value-target = 文件夹或网址
cli-verify-key = 公钥文件（disclose keygen 生成的），用来核对 manifest.sig；有签名的网站只有用它核对通过才算通过
cli-verify-hashes-only = 只核对文件哈希，有签名也不核对签名（只能说明文件齐全未改，不能说明是谁发布的）
cli-verify-jobs = 核对网址时同时发出的请求数
cli-verify-timeout = 核对网址时单个请求的超时秒数
cli-value-key = 公钥文件

cli-error-prefix = 错误：
cli-error-unknown-argument = 没有这个选项：{ $arg }
cli-error-unknown-command = 没有这个命令：{ $arg }
cli-error-invalid-value = { $arg } 的值“{ $value }”不可用
cli-error-bad-value = { $arg } 的值“{ $value }”不对
cli-error-missing = 缺少必填的参数：{ $arg }
cli-error-conflict = { $arg } 不能和另一个选项同时使用
cli-error-missing-command = 请写出要执行的命令
cli-error-values = { $arg } 后面的值个数不对
cli-error-valid = 可用的值：{ $values }
cli-error-suggest = 您是否要写：{ $suggestion }
cli-error-more = 运行 disclose --help 查看所有命令，disclose <命令> --help 查看该命令的选项。
cli-error-reason = 应为：{ $reason }
