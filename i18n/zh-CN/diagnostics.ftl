# 每个检查结果（按代码）的中文说明：diag-<代码名> 是“哪里不对”，diag-<代码名>-help 是“怎么改”。
# 可用的占位符见 docs/diagnostics.md；$field 是出错的字段（如 updates[1].date）。
# diag-<代码名>-<变体> 是同一代码的某一种情形（检查结果的 variant 值）；没有自己的 -help 时用代码的。

diag-cannot-read = 无法读取这个文件：{ $error }
diag-cannot-read-help = 确认文件存在、没有被其他程序占用，并且有读取权限
diag-no-site-config = 这里不是网站文件夹：没有 site.yaml（{ $error }）
diag-no-site-config-help = 到网站文件夹（有 site.yaml 的那个）里运行 disclose，或加 --root 文件夹；新建网站用 disclose init
diag-not-utf8 = 文件不是用 UTF-8 编码保存的：看起来是 { $encoding }
diag-not-utf8-help = 用记事本或 WPS“另存为”，编码选 UTF-8；disclose 不猜编码，所以不会出现乱码
diag-file-name-not-utf8 = 文件名的编码不是 UTF-8
diag-file-name-not-utf8-help = 给文件重新起名（老的 Windows 工具存的文件名常是 GBK 编码）
diag-symlink-outside = 这个快捷链接指向网站文件夹之外（或指向的文件不存在）
diag-symlink-outside-help = 把文件复制到网站文件夹里；disclose 不读网站文件夹之外的文件
diag-symlinked-folder = 跳过了一个链接到别处的文件夹：disclose 不跟随文件夹链接
diag-symlinked-folder-help = 把文件夹里的文件复制进来
diag-file-too-large = 文件有 { $size } 字节，超过了上限 { $limit } 字节
diag-file-too-large-help = 把文件拆成几个，或在 site.yaml 里调大 limits: {"{"} max_file_size: … {"}"}
diag-no-front-matter = 文件开头没有“---”围起来的字段部分
diag-no-front-matter-help = 第一行写 ---，接着写各个字段，再写一行 ---，正文写在后面
diag-no-content-folder = 网站没有 content 文件夹
diag-no-content-folder-help = 建立 content/records/ 文件夹，每件问题放一个 .md 或 .yaml 文件

diag-yaml-syntax = 这一行的格式不对，程序读不懂
diag-yaml-syntax-help = 检查缩进（只用空格，同一层对齐）；冒号用半角“:”，后面加一个空格；值里含“: ”或以特殊符号开头时用半角引号括起来
diag-unknown-key = 没有“{ $key }”这个字段
diag-unknown-key-help = 检查拼写；可用的字段：{ $expected }
diag-unknown-status = “{ $value }”不是可用的整改状态
diag-unknown-status-help = 可选：{ $expected }
diag-unknown-value = “{ $value }”不是“{ $field }”可用的值
diag-unknown-value-help = 可选：{ $expected }
diag-missing-key = 缺少必填字段“{ $key }”
diag-missing-key-help = 加上一行“{ $key }: 值”
diag-invalid-value = “{ $field }”的值“{ $value }”不对
diag-invalid-value-help = 日期写成 2022-06-30 这样（年-月-日，月和日都写两位），而且必须是日历上真有的日子
diag-invalid-value-date = “{ $field }”的值“{ $value }”不是日期
diag-invalid-value-no-such-day = “{ $field }”的值“{ $value }”在日历上没有这一天
diag-invalid-value-no-such-day-help = 检查月份和日子：日期必须真实存在（没有 2022-02-30）
diag-invalid-value-deadline = “{ $field }”的值“{ $value }”不是整改时限
diag-invalid-value-deadline-help = 日期写成 2022-06-30 这样；长期坚持写 ongoing，立行立改写 immediate
diag-invalid-value-number = “{ $field }”要写一个整数
diag-invalid-value-number-help = 只写数字，不带单位和文字，例如 3
diag-invalid-value-list = “{ $field }”要写成列表
diag-invalid-value-list-help = 在字段下面每行写一项，每项以“- ”开头
diag-invalid-value-text = “{ $field }”要写文字
diag-invalid-value-text-help = 在冒号后面写文字；以特殊符号开头时用半角引号括起来
diag-invalid-value-yes-no = “{ $field }”要写 true 或 false
diag-invalid-value-yes-no-help = 是写 true，否写 false
diag-invalid-value-mapping = “{ $field }”下面要写它自己的各个字段
diag-invalid-value-mapping-help = 在下面几行写它的字段，每行比它多缩进两个空格
diag-invalid-value-kind = “{ $field }”的值类型不对
diag-invalid-value-kind-help = 对照示例网站（disclose init 生成的）或 docs/zh/使用说明.md 改写
diag-yaml-too-deep = 文件里的引用（&、*）嵌套或重复得太多
diag-yaml-too-deep-help = 不要用 & 和 * 引用，把值直接写出来
diag-yaml-too-deep-nesting = 文件里的 [ 或 {"{"} 嵌套超过了 { $limit } 层
diag-yaml-too-deep-nesting-help = 把列表和字段直接按缩进一层一层写出来
diag-yaml-too-deep-aliases = 文件里用了超过 { $limit } 个引用（*名称）
diag-yaml-too-deep-aliases-help = 引用重复的是 &名称 处的内容；把值直接写出来

diag-bad-id = 编号“{ $id }”不能用作网址
diag-bad-id-help = 编号只用字母、数字、短横线（-）和下划线（_），例如 D2HN202104170112
diag-bad-id-empty = 编号是空的
diag-bad-id-empty-help = 在 id: 后面写上受理编号或台账编号
diag-bad-id-too-long = 编号有 { $length } 个字符，超过了上限 { $limit }
diag-bad-id-too-long-help = 用这件问题的受理编号或台账编号
diag-bad-id-hidden = 编号“{ $id }”以点号（.）开头或结尾：会成为隐藏的或被截短的文件夹名
diag-bad-id-hidden-help = 去掉开头或结尾的点号
diag-bad-id-reserved = 编号“{ $id }”是保留的名字（网站自动生成的页面，或 Windows 的设备名）
diag-bad-id-reserved-help = 改用这件问题的受理编号或台账编号
diag-empty-title = 标题是空的
diag-empty-title-help = 在 title: 后面写上问题的标题
diag-unknown-inspection = 没有“{ $value }”这个督察轮次
diag-unknown-inspection-help = 写 site.yaml 里 inspections: 列出的轮次编号之一，或先在那里加上这一轮
diag-empty-region = 没有写所在区域
diag-empty-region-help = 在 region: 后面写上乡镇（街道）名称
diag-unknown-region = “{ $value }”不在网站的区域列表里
diag-unknown-region-help = 写 site.yaml 里 regions: 列出的名称之一（{ $expected }），或先在那里加上
diag-closed-without-date = 状态是“已验收销号”，但没有写销号日期 closed_on
diag-closed-without-date-help = 加上一行 closed_on: 2022-06-30（写实际的销号日期）
diag-completed-without-date = 状态是已完成，但没有写完成日期 completed_on
diag-completed-without-date-help = 加上一行 completed_on: 2022-06-30（写实际的完成日期）
diag-closed-on-not-closed = 写了销号日期 closed_on，但状态是“{ $status }”，不是 closed（已验收销号）
diag-closed-on-not-closed-help = 已销号就把 status 改成 closed；还没销号就删掉 closed_on
diag-completed-on-not-done = 写了完成日期 completed_on，但状态是“{ $status }”
diag-completed-on-not-done-help = 已完成就把 status 改成 completed 或 closed；还没完成就删掉 completed_on
diag-date-after-as-of = “{ $field }”的日期 { $date } 晚于数据截至日期 { $as_of }
diag-date-after-as-of-help = 检查日期是否写错；截至日期可在 site.yaml 的 as_of 或 --as-of 里改
diag-dates-out-of-order = “{ $field }”的日期 { $date } 早于 { $other }，先后顺序不对
diag-dates-out-of-order-help = 检查这两个日期是否写反或写错
diag-dates-out-of-order-closed-before-completed = 销号日期 closed_on（{ $date }）早于完成日期 completed_on（{ $other }）
diag-dates-out-of-order-closed-before-completed-help = 先完成整改，才能验收销号；检查这两个日期是否写反
diag-dates-out-of-order-completed-before-received = 完成日期 completed_on（{ $date }）早于受理日期 received_on（{ $other }）
diag-updates-out-of-order = 整改进展的日期 { $date } 排在 { $other } 之后；进展要按时间从早到晚排
diag-updates-out-of-order-help = 调整 updates 里各条的顺序，最早的在最前面
diag-status-disagrees = 状态“{ $status }”与最后一条改了状态的进展（{ $date }，{ $other }）不一致
diag-status-disagrees-help = 把 status 改成最后一条进展的状态，或补写一条新的进展
diag-deadline-mismatch = 整改时限写的是 { $date }，但最后一次调整时限改成了 { $other }
diag-deadline-mismatch-help = 把 deadline 改成 { $other }，或检查时限调整记录
diag-deadline-mismatch-missing = 没有写整改时限，但最后一次调整时限改成了 { $other }
diag-evidence-missing = 找不到佐证材料文件“{ $file }”
diag-evidence-missing-help = 把文件放到记录文件旁边，或改正文件名（注意扩展名和大小写）
diag-verification-not-complaint = 只有信访件才有核实情况，这条记录的类型是“{ $kind }”
diag-verification-not-complaint-help = 删掉 verification，或把 kind 改成 complaint
diag-empty-text = 这一项的内容是空的
diag-empty-text-help = 写上内容，或删掉这一项
diag-empty-text-update = 这条整改进展没有内容
diag-empty-text-update-help = 写上这一天做了什么
diag-empty-text-reason = 调整整改时限要写原因
diag-empty-text-reason-help = 写上时限为什么调整：公众要能看到
diag-duplicate-id = 编号“{ $id }”已被 { $file } 第 { $line } 行用过
diag-duplicate-id-help = 每件问题的编号必须不同；改掉其中一个
diag-related-self = 关联记录里写了本条记录自己
diag-related-self-help = 从 related 里删掉本条的编号
diag-unknown-related = 关联的记录“{ $value }”不存在
diag-unknown-related-help = 检查编号是否写错；关联的记录要在本网站里（草稿只在加 --drafts 时算数）

diag-bad-base-url = 网站地址“{ $value }”不对
diag-bad-base-url-help = 写完整的地址，例如 https://www.example.gov.cn/dczg/
diag-unsupported-language = 不支持语言“{ $value }”
diag-unsupported-language-help = 写 language: zh-CN（中文）或 language: en（英文）
diag-bad-paginate = 每页条数“{ $value }”不对
diag-bad-paginate-help = 写一个 1 到 1000 之间的整数
diag-duplicate-inspection = 督察轮次编号“{ $id }”重复了
diag-duplicate-inspection-help = 每一轮用不同的编号
diag-bad-inspection-id = 督察轮次编号“{ $id }”不能用作网址
diag-bad-inspection-id-help = 只用小写字母、数字和短横线，例如 cei2-2021
diag-inspection-dates = 督察轮次“{ $id }”的日期 { $date } 早于 { $other }
diag-inspection-dates-help = 检查这一轮的起止日期
diag-duplicate-region = 区域“{ $value }”列了两次
diag-duplicate-region-help = 删掉重复的一行
diag-duplicate-region-slug = 区域“{ $value }”的网址与另一个区域相同
diag-duplicate-region-slug-help = 给其中一个写上不同的 slug
diag-bad-region-slug = 区域网址“{ $value }”不对
diag-bad-region-slug-help = 只用小写字母、数字和短横线
diag-bad-signing-public-key = signing.public_key 不是公钥：{ $error }
diag-bad-signing-public-key-help = 把 disclose keygen 生成的 disclose.pub 里的那一行抄到这里
diag-bad-batch = 督察轮次“{ $id }”的批次号 { $value } 是 0 或者重复了
diag-bad-batch-help = 批次按 1、2、3……编号，每批只列一次
diag-unknown-vocabulary = 没有“{ $value }”这个词表
diag-unknown-vocabulary-help = vocabularies: 下可改的有：{ $expected }
diag-unknown-vocabulary-key = 词表“{ $vocabulary }”里没有“{ $value }”这一项
diag-unknown-vocabulary-key-help = 检查拼写；各项的键不变，只能改显示名称：{ $expected }

diag-empty-page-title = 页面标题是空的
diag-empty-page-title-help = 在 title: 后面写上标题
diag-duplicate-page-address = 页面网址“{ $path }”与 { $file } 相同
diag-duplicate-page-address-help = 给其中一个文件改名
diag-reserved-address = 网址“{ $path }”留给自动生成的页面用
diag-reserved-address-help = 给这个页面文件换个名字
diag-unknown-template = 主题里没有模板“{ $value }”
diag-unknown-template-help = 删掉 template:，或写主题 templates 文件夹里有的模板名

diag-personal-data = 不能公开的个人信息：{ $masked }
diag-personal-data-help = 删掉，或改写成“王某”“138****5678”这样；必须保留的，在它前面写上 [privacy-ok: 原因]
diag-personal-data-mobile = 不能公开手机号码：{ $masked }
diag-personal-data-mobile-help = 删掉（需要联系电话的，写单位的公开电话）；公开的号码可以写进 site.yaml 的 privacy: {"{"} allow: [...] {"}"}，或在它前面写上 [privacy-ok: 原因]
diag-personal-data-landline = 不能公开固定电话号码：{ $masked }
diag-personal-data-landline-help = 删掉（需要联系电话的，写单位的公开电话）；公开的号码可以写进 site.yaml 的 privacy: {"{"} allow: [...] {"}"}，或在它前面写上 [privacy-ok: 原因]
diag-personal-data-id-number = 不能公开身份证号码：{ $masked }
diag-personal-data-id-number-help = 删掉：公开的文字不需要个人的身份证号（人名写成“王某”）
diag-personal-data-bank-card = 不能公开银行卡号：{ $masked }
diag-personal-data-bank-card-help = 删掉：公开的文字不需要银行卡号
diag-personal-data-email = 不能公开电子邮箱：{ $masked }
diag-personal-data-email-help = 删掉（需要的话写单位的公开邮箱），或在它前面写上 [privacy-ok: 原因]
diag-personal-data-messenger = 不能公开QQ 号或微信号：{ $masked }
diag-personal-data-messenger-help = 删掉（需要的话写单位的公众号），或在它前面写上 [privacy-ok: 原因]
diag-personal-data-name = 不能公开举报人、投诉人或当事人的姓名：{ $masked }
diag-personal-data-name-help = 把姓名改写成“王某”“某公司”；可以公开的名字，在它前面写上 [privacy-ok: 原因]
diag-unknown-theme = 没有“{ $value }”这个主题
diag-unknown-theme-help = 写 theme: default，或把主题放进 themes 文件夹
diag-missing-ui-strings = 主题缺少“{ $value }”语言的界面文字
diag-missing-ui-strings-help = 写 language: zh-CN 或 language: en，或给主题加上这个语言的文件
diag-missing-ui-strings-not-mapping = 主题的界面文字文件格式不对：要写成“键: 文字”的形式
diag-missing-ui-strings-not-mapping-help = 每行写一个“键: 文字”，照默认主题的 i18n 文件写
diag-missing-label = 主题的“{ $vocabulary }”词表缺少“{ $value }”的显示名称
diag-missing-label-help = 在主题的 i18n 文件或 site.yaml 的 vocabularies 里补上
diag-template-error = 模板出错：{ $error }
diag-template-error-help = 检查主题模板里报错的位置
diag-bad-source-date-epoch = 环境变量 SOURCE_DATE_EPOCH 的值“{ $value }”不是时间戳
diag-bad-source-date-epoch-help = 写从 1970 年起的秒数，或不设这个变量
diag-unsafe-output-folder = 不能用这个文件夹输出：它是网站文件夹本身、其上级或存放源文件的文件夹
diag-unsafe-output-folder-help = 用 --out 指定一个单独的文件夹，例如 public
diag-unsafe-output-folder-site = 不能用这个文件夹输出：它就是网站文件夹，或包含网站文件夹
diag-unsafe-output-folder-source = 不能用这个文件夹输出：它在网站的 { $folder } 文件夹里面
diag-unsafe-output-folder-file = 不能输出到这里：这是一个文件，不是文件夹
diag-foreign-output-folder = 输出文件夹里有不是 disclose 生成的文件，不会去覆盖它
diag-foreign-output-folder-help = 换一个空的文件夹，或先把里面的文件移走
diag-write-failed = 写出文件失败：{ $error }
diag-write-failed-help = 检查磁盘空间和写入权限
diag-bad-signing-key = 签名私钥不能用：{ $error }
diag-bad-signing-key-help = 用 disclose keygen 生成的 disclose.key
diag-evidence-unreadable = 无法读取佐证材料“{ $file }”：{ $error }
diag-evidence-unreadable-help = 确认文件存在并有读取权限
diag-previous-unreadable = 读不了上一次发布的网站，本次不列出变化：{ $error }
diag-previous-unreadable-help = 用 --previous 指定上一次发布的文件夹，或忽略这条提示
diag-signing-key-mismatch = 签名私钥与 site.yaml 中 signing.public_key 的公钥不是一对：网页上显示的将是另一把钥匙的指纹
diag-signing-key-mismatch-help = 用与该 disclose.pub 同时生成的 disclose.key 签名，或把这把私钥对应的 disclose.pub 写进 site.yaml
diag-output-locked = 另一个 disclose 正在写这个文件夹，本次什么都没有改动
diag-output-locked-help = 等它结束后再运行一次
diag-output-locked-held = 另一个 disclose（{ $holder }）正在写这个文件夹，本次什么都没有改动
diag-interrupted-switch = 上一次生成在切换网站时被中断，已把之前的那次发布放回原处
diag-interrupted-switch-help = 无需处理；如需确认，可运行 disclose verify 核对
diag-interrupted-switch-failed = 上一次生成或发布在切换网站时被中断，而且无法修复：{ $error }
diag-interrupted-switch-failed-help = 检查输出文件夹旁边的文件夹（.<名称>.disclose-old），再运行一次

diag-bad-number = 罚款金额“{ $value }”不是有效数字：应为 0 或更大的数（单位：万元）
diag-bad-number-help = 按万元写一个普通数字，例如 fine_10k_yuan: 2.5；没有罚款就删掉这一项
diag-evidence-type = 佐证材料“{ $file }”是 .{ $ext } 类型，不能发布：只能发布文档、图片和压缩包（网页、SVG、脚本可能在网站上运行代码）
diag-evidence-type-help = 存成 PDF 或图片（网页可以“打印”成 PDF），或打包成 zip；可用的类型：{ $allowed }
diag-evidence-content = 佐证材料“{ $file }”的扩展名是 .{ $ext }，内容却是 { $found }
diag-evidence-content-help = 用原来的程序重新另存为扩展名所说的格式，或把扩展名改成它实际的格式（可用的类型：{ $allowed }）
diag-evidence-content-empty = 佐证材料“{ $file }”是空文件
diag-evidence-content-empty-help = 把真正的文件重新复制进来
diag-output-clash = { $producer } 会发布在 /{ $path }，而{ $other }也发布在这个地址，其中一个会被覆盖
diag-output-clash-help = 给文件改个名字：一个地址只能放一个文件，网站生成的页面、订阅和下载文件的地址不能占用
diag-unknown-batch = 督察轮次“{ $inspection }”没有第 { $value } 批交办
diag-unknown-batch-help = 写 site.yaml 里这一轮 batches: 列出的批次（{ $expected }），或先在那里加上这一批
diag-batch-without-inspection = 写了交办批次（第 { $value } 批），但没有写督察轮次
diag-batch-without-inspection-help = 加上 inspection:，写交办这件的督察轮次编号；或者删掉 batch:
diag-duplicate-seq = 序号 { $value } 在同一轮同一批里已经被 { $file }:{ $line } 用了
diag-duplicate-seq-help = 同一张一览表里每一行的序号不能相同，改掉其中一个
diag-notice-reversed = 销号公示的结束日期 { $date } 早于开始日期 { $other }
diag-notice-reversed-help = 检查 from:（开始）和 to:（结束）是否写反或写错
diag-notice-after-closure = 销号公示到 { $date } 才结束，晚于销号日期 { $other }
diag-notice-after-closure-help = 先公示、后销号：检查公示的 to: 和 closed_on: 是否写错

# 一个输出文件的来源，供 diag-output-clash 用：$name 是文件，$what 是网站生成的哪种文件。
output-static = static 文件夹里的文件 { $name }
output-evidence = { $name } 列出的佐证材料
output-generated = 网站生成的{ $what ->
        [atom-feed] 订阅（Atom）
        [region-feed] 区域订阅
        [record-feed] 记录订阅
        [facet-csv] 分类 CSV 下载文件
        [download] 下载文件
        [data-page] 数据说明页
        [search-index] 搜索索引
        [sitemap] 网站地图
        [robots-txt] robots.txt
        [manifest] 文件清单
        [manifest-signature] 文件清单签名
       *[page] 页面
    }

# disclose import（09xx）：导入在台账单元格处给出提示；以下是这些代码的目录文字。
diag-import-no-header = 工作表前 20 行里找不到表头
diag-import-no-header-help = 表头行至少要有两个能识别的列名（受理编号、交办问题基本情况、整改状态等）；其他列名可用 --mapping 补充
diag-import-no-status-column = 工作表里没有表示整改状态的列
diag-import-no-status-column-help = 把该列命名为“整改状态”“办结状态”或“是否办结”，或用 --mapping 对应
diag-import-no-kind = 工作表没有说明记录类型
diag-import-no-kind-help = 加上 --kind feedback、lookback、complaint 或 task
diag-import-no-title-column = 工作表里没有标题列或问题描述列
diag-import-no-title-column-help = 命名为“标题”“问题”或“交办问题基本情况”，或用 --mapping 对应
diag-import-no-id = 有一行没有编号：工作表既没有编号列，也没有序号
diag-import-no-id-help = 加一列“受理编号”（或“编号”），或在每一行填上序号
diag-import-duplicate-id = 工作表里有两行编号相同，两行都没有导入
diag-import-duplicate-id-help = 只保留一行用这个编号（或序号），改正其他行
diag-import-unknown-value = 单元格里的取值不认识
diag-import-unknown-value-help = 改用能识别的写法，或在 --mapping 文件的 values: 下补充
diag-import-bad-cell = 单元格应当是日期、整改时限或整数，但不是
diag-import-bad-cell-help = 日期写成 2022-06-30 或 2022年6月30日；整改时限也可以写 2022年6月底前、长期坚持、立行立改
diag-import-missing-value = 这一行缺少每条记录都必须有的内容
diag-import-missing-value-help = 填上整改状态（或是否办结），以及标题或问题描述
diag-import-record-exists = 这条记录已经存在
diag-import-record-exists-help = 加上 --update 把台账合并进已有记录
diag-import-cannot-rewrite = 这条记录在多条记录的文件或 .md 文件里，导入不改写这种文件
diag-import-cannot-rewrite-help = 直接在那个文件里修改，或把这条记录移到单独的文件
diag-import-unknown-record = 明细工作表里的一行所写的编号在记录表里没有
diag-import-unknown-record-help = 在记录表里加上这条记录，或改正编号
diag-import-record-rule = 这一行的记录不符合记录规则或隐私检查
diag-import-record-rule-help = 改正提示中指出的单元格后重新导入
diag-import-note-row = 跳过了一行备注或合计
diag-import-note-row-help = 无需处理；如果这一行其实是记录，请把各列填完整
diag-import-derived-ids = 工作表没有编号列，编号由序号生成
diag-import-derived-ids-help = 以后的台账请保持序号不变，或加上编号列
diag-import-personal-column = 含有个人信息的列没有导入
diag-import-personal-column-help = 无需处理：个人信息不会导入，也不会公开
