# 常见的书写失误（制表符、全角标点……）的提示。

diag-slip-tab = 这一行有制表符（Tab 键），YAML 里不能用它缩进或分隔
diag-slip-tab-help = 把制表符（上面显示为 →）换成空格；同一层的字段要用同样多的空格对齐
diag-slip-fullwidth-colon = “{ $key }”后面是全角冒号“：”，要用半角冒号“:”
diag-slip-fullwidth-colon-help = 改成“{ $key }: ”（半角冒号，后面加一个空格）；输入法切到英文标点再输入
diag-slip-fullwidth-quote = 这一行用了全角引号（“”或‘’）括值，要用半角引号
diag-slip-fullwidth-quote-help = 改成半角的 " 或 '，或者去掉引号
diag-slip-no-space = “{ $key }:”后面少了一个空格
diag-slip-no-space-help = 改成“{ $key }: ”（冒号后面加一个空格）

# 值的提示：中文状态词、常见日期写法。
suggest-key = 您是否要写 { $key }（{ $label }）？
suggest-near = 您是否要写 { $key }？
suggest-date = 日期要写成 { $date }（年-月-日）
choice = { $key }（{ $label }）
