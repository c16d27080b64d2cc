"""The Chinese names of the cities the office's delegations go to most: Hong Kong and
Macao, the Greater Bay Area, and the mainland's provincial capitals and largest cities.

An itinerary names cities in English (a day's `city`, a venue's); a pack in Chinese
prints a city these list by its Chinese name, in the pack's script, and any other as
written. Kept by hand: a city's name in Chinese is not derived from its English one,
and a place name is not for a character-by-character conversion to guess.
"""

from __future__ import annotations

# The English name (as compared: lower case, without "city") -> (Traditional, Simplified).
CITIES: dict[str, tuple[str, str]] = {
    "hong kong": ("香港", "香港"),
    "macao": ("澳門", "澳门"),
    "macau": ("澳門", "澳门"),
    # The Greater Bay Area's mainland cities.
    "shenzhen": ("深圳", "深圳"),
    "guangzhou": ("廣州", "广州"),
    "zhuhai": ("珠海", "珠海"),
    "dongguan": ("東莞", "东莞"),
    "foshan": ("佛山", "佛山"),
    "zhongshan": ("中山", "中山"),
    "huizhou": ("惠州", "惠州"),
    "jiangmen": ("江門", "江门"),
    "zhaoqing": ("肇慶", "肇庆"),
    # Municipalities, provincial capitals and other large cities.
    "beijing": ("北京", "北京"),
    "shanghai": ("上海", "上海"),
    "tianjin": ("天津", "天津"),
    "chongqing": ("重慶", "重庆"),
    "hangzhou": ("杭州", "杭州"),
    "ningbo": ("寧波", "宁波"),
    "nanjing": ("南京", "南京"),
    "suzhou": ("蘇州", "苏州"),
    "wuxi": ("無錫", "无锡"),
    "hefei": ("合肥", "合肥"),
    "fuzhou": ("福州", "福州"),
    "xiamen": ("廈門", "厦门"),
    "nanchang": ("南昌", "南昌"),
    "jinan": ("濟南", "济南"),
    "qingdao": ("青島", "青岛"),
    "zhengzhou": ("鄭州", "郑州"),
    "wuhan": ("武漢", "武汉"),
    "changsha": ("長沙", "长沙"),
    "nanning": ("南寧", "南宁"),
    "haikou": ("海口", "海口"),
    "sanya": ("三亞", "三亚"),
    "chengdu": ("成都", "成都"),
    "guiyang": ("貴陽", "贵阳"),
    "kunming": ("昆明", "昆明"),
    "xi'an": ("西安", "西安"),
    "xian": ("西安", "西安"),
    "lanzhou": ("蘭州", "兰州"),
    "taiyuan": ("太原", "太原"),
    "shijiazhuang": ("石家莊", "石家庄"),
    "shenyang": ("瀋陽", "沈阳"),
    "dalian": ("大連", "大连"),
    "changchun": ("長春", "长春"),
    "harbin": ("哈爾濱", "哈尔滨"),
    "hohhot": ("呼和浩特", "呼和浩特"),
    "yinchuan": ("銀川", "银川"),
    "xining": ("西寧", "西宁"),
    "urumqi": ("烏魯木齊", "乌鲁木齐"),
    "lhasa": ("拉薩", "拉萨"),
}


def chinese_name(city: str, *, traditional: bool) -> str | None:
    """`city`'s name in Chinese, in Traditional or Simplified characters; None if it is
    not one of CITIES."""
    key = city.strip().casefold()
    key = key.removesuffix(" city").strip()
    names = CITIES.get(key)
    if names is None:
        return None
    return names[0] if traditional else names[1]
