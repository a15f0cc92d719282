"""Demo posts for the monitoring desk: six months of what HCMC residents and the press say about
the city, generated from hand-written parts with a fixed seed.

Residents' posts put together an opening, one of about a hundred situations (flooding at high
tide, traffic jams, Metro số 1, Vành đai 3, the electricity price, school fees, the 2025 ward
mergers, building permits, online public services, rubbish, trees…) in a named place, and a
reaction of the same mood; some are typed without diacritics or in teencode, as on social media.
A news story every fifteen days is carried by several sites, near-copies that the pipeline counts
as one story; the last three days bring a flooding spike. A post is fixed by its day and rank: the
same day gives the same posts on every run, and a later run tops up only the days since."""

import datetime
import functools
import random
from dataclasses import dataclass

from django.utils import timezone

from cityportal.core.text import fold

# Where residents say things happen: the wards and communes of July 2025, and the districts of
# before, which people still name.
PLACES = [
    "phường Sài Gòn",
    "phường Bến Thành",
    "phường Tân Định",
    "phường Chợ Lớn",
    "phường Gia Định",
    "phường Thạnh Mỹ Tây",
    "phường Hạnh Thông",
    "phường An Khánh",
    "phường Phú Nhuận",
    "phường Tân Sơn Nhất",
    "phường Tân Mỹ",
    "phường Bình Tây",
    "phường Thủ Đức",
    "phường Linh Xuân",
    "xã Nhà Bè",
    "xã Bình Chánh",
    "xã Củ Chi",
    "xã Cần Giờ",
    "phường Dĩ An",
    "phường Thủ Dầu Một",
    "phường Vũng Tàu",
    "Quận 7",
    "Quận 8",
    "Gò Vấp",
    "Bình Thạnh",
    "Tân Bình",
    "Bình Tân",
    "Quận 12",
    "TP Thủ Đức",
    "Q.4",
]
STREETS = [
    "Nguyễn Hữu Cảnh",
    "Huỳnh Tấn Phát",
    "Kinh Dương Vương",
    "Phạm Văn Đồng",
    "Cộng Hòa",
    "Trường Chinh",
    "Lê Văn Lương",
    "Quốc lộ 13",
    "Xô Viết Nghệ Tĩnh",
    "Nguyễn Văn Linh",
    "Đinh Bộ Lĩnh",
    "Võ Văn Kiệt",
    "Lũy Bán Bích",
    "Quang Trung",
]
# (mood, situation): -1 a complaint, 0 a question or a plain report, 1 praise. {place},
# {street}, {n} and {h} (a small number, an hour) are filled in per post.
SITUATIONS = [
    # ngập nước, triều cường
    (-1, "triều cường lên nước tràn qua bờ kè, hẻm nhà mình ở {place} ngập tới mắt cá từ {h}h"),
    (-1, "đường {street} mưa chưa tới nửa tiếng đã thành sông, xe chết máy nằm la liệt"),
    (-1, "nước triều lên ngập luôn tầng trệt mấy nhà thấp ở {place}, đồ đạc phải kê lên cao"),
    (-1, "cống thoát nước trước chợ ở {place} nghẹt rác nên mưa là ứ nước cả buổi"),
    (0, "lịch triều cường tháng này đỉnh khoảng {h} giờ chiều, ai ở ven sông {place} chú ý"),
    (1, "cống ngăn triều mới vận hành nên đợt triều cường này khu {place} không còn ngập"),
    (1, "trạm bơm trên đường {street} chạy tốt, mưa lớn mà nước rút chỉ sau {n}0 phút"),
    (0, "dự án chống ngập đường {street} đang thi công, đoạn giữa bị rào chắn một bên"),
    # kẹt xe
    (-1, "kẹt xe ở nút giao {street} từ {h}h chiều, nhích từng chút gần một tiếng"),
    (-1, "đường vào sân bay Tân Sơn Nhất kẹt cứng, trễ chuyến bay vì kẹt xe ở Trường Sơn"),
    (-1, "cầu Sài Gòn giờ tan tầm kẹt kéo dài tới tận xa lộ Hà Nội"),
    (0, "đường {street} đang rào để làm cống, ai đi qua {place} nên đi đường khác"),
    (1, "từ khi phân luồng lại ở vòng xoay {street} thì giờ cao điểm đi nhanh hơn hẳn"),
    (-1, "xe container chạy vào giờ cao điểm trên {street} làm kẹt xe kéo dài cả cây số"),
    (0, "nhà ga T3 mở thêm lối vào, chiều nay đường Trần Quốc Hoàn vẫn đông nhưng xe vẫn chạy"),
    (1, "cảnh sát giao thông phân luồng ở ngã tư {street} rất nhiệt tình, hết cảnh chen lấn"),
    # Metro số 1
    (1, "đi Metro số 1 từ Bến Thành về Suối Tiên chỉ khoảng 30 phút, sạch sẽ và đúng giờ"),
    (1, "tàu metro Bến Thành – Suối Tiên giờ cao điểm đông nhưng chạy êm, máy lạnh mát"),
    (0, "cho hỏi vé tháng Metro số 1 mua ở đâu, dùng thẻ ngân hàng quét được không"),
    (-1, "ga metro ở {place} thiếu chỗ gửi xe máy, bãi xe tạm ngoài đường thu giá cao"),
    (0, "xe buýt điện nối ga metro Suối Tiên với khu dân cư {place} đã chạy, {n}0 phút một chuyến"),
    (1, "con mình đi metro đi học mỗi ngày, an toàn hơn chạy xe máy ngoài đường nhiều"),
    (-1, "từ ga metro ra tới nhà vẫn phải đi bộ gần 1 cây số dưới nắng, thiếu xe kết nối"),
    (0, "mong có thêm tuyến metro số 2 Bến Thành – Tham Lương, đợi lâu quá rồi"),
    # Vành đai 3
    (1, "đoạn Vành đai 3 qua TP Thủ Đức thông xe, đi từ Thủ Đức về Bình Chánh đỡ vòng vèo"),
    (-1, "công trường Vành đai 3 gần {place} bụi mù mịt, xe ben chạy suốt đêm"),
    (0, "nghe nói Vành đai 3 sẽ thông toàn tuyến trong năm nay, ai biết đoạn qua Bình Dương chưa"),
    (-1, "hộ dân bị giải tỏa làm Vành đai 3 ở {place} vẫn chờ tiền bồi thường phần còn lại"),
    (1, "cầu Nhơn Trạch trên Vành đai 3 nhìn hoành tráng, mong sớm chạy được"),
    (0, "đường gom dọc Vành đai 3 đoạn {place} đã trải nhựa, chưa có đèn chiếu sáng"),
    # giá điện
    (-1, "tiền điện tháng này gần {n} triệu dù vẫn xài như mọi tháng, giá điện tăng mà nắng quá"),
    (-1, "giá điện bậc thang tăng, tiệm nhỏ như mình ở {place} lời không đủ trả tiền điện"),
    (0, "ai biết cách xem chỉ số điện từng ngày trên ứng dụng của điện lực không"),
    (1, "lắp điện mặt trời mái nhà xong tiền điện giảm còn một nửa, thủ tục nhanh"),
    (-1, "khu trọ ở {place} bị chủ nhà tính 4 nghìn một số điện, cao hơn giá quy định nhiều"),
    (0, "điện lực báo cúp điện {place} từ {h}h sáng chủ nhật để bảo trì lưới"),
    # học phí, trường học
    (1, "năm học này được miễn học phí trường công, đỡ cho nhà có hai con đi học"),
    (-1, "miễn học phí nhưng đầu năm vẫn đóng đủ thứ tiền, tiền máy lạnh, tiền tiếng Anh"),
    (0, "trường tư thục có được hỗ trợ học phí như trường công không, ai biết chỉ giúp"),
    (-1, "trường tiểu học ở {place} lớp nào cũng hơn {n}0 em, thiếu trường trầm trọng"),
    (1, "trường mới khánh thành ở {place} rộng rãi, có sân bóng và thư viện"),
    (0, "tuyển sinh lớp 10 năm nay thi 3 môn, hạn đăng ký nguyện vọng là cuối tháng"),
    (-1, "cổng trường ở {place} giờ tan học kẹt xe vì phụ huynh đậu xe tràn xuống lòng đường"),
    # sáp nhập phường, xã 2025
    (0, "sau sáp nhập phường thì giấy tờ cũ ghi địa chỉ cũ có phải đi đổi không"),
    (-1, "trụ sở phường mới sau sáp nhập xa quá, người già đi làm giấy tờ rất vất vả"),
    (1, "phường mới sau sáp nhập làm thủ tục nhanh, cán bộ hướng dẫn tận tình"),
    (0, "thẻ căn cước ghi quận cũ vẫn dùng bình thường, không bắt buộc đổi"),
    (-1, "sáp nhập xong tra địa chỉ trên bản đồ vẫn ra tên cũ, giao hàng cứ bị lạc"),
    (0, "bây giờ {place} thuộc phường nào, tên mới là gì vậy mọi người"),
    (1, "bộ phận một cửa phường {place} mở cả sáng thứ Bảy, tiện cho người đi làm"),
    # giấy phép xây dựng
    (-1, "nộp hồ sơ xin giấy phép xây dựng hơn {n}0 ngày chưa có kết quả, hỏi thì bảo chờ"),
    (1, "xin giấy phép xây dựng nhà ở {place} trên mạng, 12 ngày có giấy, không phải đi lại"),
    (0, "sửa lại mái tôn có cần xin phép xây dựng không, hay chỉ báo phường"),
    (-1, "nhà bên cạnh xây lấn qua ranh, báo phường mấy lần chưa thấy ai xuống"),
    (0, "quy định mới về chiều cao nhà phố ở {place} áp dụng từ tháng sau"),
    (-1, "công trình xây sai phép ở {place} vẫn lên thêm tầng, không thấy xử lý"),
    # dịch vụ công trực tuyến
    (1, "làm lý lịch tư pháp trên VNeID, 5 ngày có kết quả gửi về tận nhà"),
    (-1, "cổng dịch vụ công báo lỗi suốt buổi sáng, nộp hồ sơ không được"),
    (1, "đăng ký khai sinh cho con trực tuyến, được cấp luôn mã định danh, rất nhanh"),
    (0, "nộp hồ sơ trực tuyến rồi có cần mang bản giấy lên phường nữa không"),
    (-1, "nộp trực tuyến mà vẫn bắt lên phường ký lại và nộp bản sao công chứng"),
    (1, "tổng đài 1022 trả lời rất nhanh, hướng dẫn từng bước làm thủ tục"),
    (0, "đổi giấy phép lái xe trên cổng dịch vụ công mất khoảng {n} ngày"),
    # rác thải
    (-1, "điểm tập kết rác ở {place} bốc mùi cả ngày, xe rác tới tối mới chở đi"),
    (-1, "kênh Nhiêu Lộc – Thị Nghè đoạn gần {place} lại đầy rác nổi sau cơn mưa"),
    (0, "từ tháng sau phải phân loại rác tại nguồn, ai biết rác thực phẩm bỏ túi màu gì"),
    (1, "tổ thu gom rác ở {place} đến đúng giờ, hẻm sạch hẳn"),
    (-1, "có người đổ trộm xà bần ra bãi đất trống ở {place} ban đêm"),
    (0, "phường {place} thu gom rác cồng kềnh miễn phí vào sáng thứ Bảy"),
    (1, "khu phố mình phân loại rác được nửa năm, rác giảm thấy rõ"),
    # cây xanh, công viên
    (-1, "mưa to làm cây trên đường {street} gãy nhánh đè lên xe máy, may không ai bị thương"),
    (1, "đường {street} mới trồng thêm hàng cây, vài năm nữa là có bóng mát"),
    (-1, "cây xanh trước nhà bị đốn mà không thấy thông báo gì"),
    (1, "công viên mới ở {place} có sân chơi cho trẻ em, chiều nào cũng đông"),
    (0, "công ty cây xanh đang cắt tỉa cây trên đường {street}, đi qua chú ý"),
    (-1, "công viên ở {place} bị lấn chiếm làm bãi giữ xe, không còn chỗ tập thể dục"),
    # vỉa hè, trật tự đô thị, tiếng ồn
    (-1, "vỉa hè đường {street} bị quán xá chiếm hết, người đi bộ phải xuống lòng đường"),
    (1, "vỉa hè ở {place} mới lát lại bằng đá, rộng và bằng phẳng"),
    (-1, "karaoke hàng xóm hát tới {h}h đêm, báo mấy lần rồi vẫn vậy"),
    (0, "phường {place} thu phí sử dụng tạm thời vỉa hè từ đầu tháng"),
    # y tế, giao thông công cộng, an ninh
    (-1, "đưa mẹ đi khám ở bệnh viện tuyến thành phố, chờ từ sáng tới trưa mới tới lượt"),
    (1, "khám ở trạm y tế phường có bảo hiểm, bác sĩ tận tình, không phải chờ lâu"),
    (-1, "tuyến xe buýt về {place} bị cắt, giờ phải đi hai chặng"),
    (1, "xe buýt điện mới chạy êm, có máy lạnh, tài xế lịch sự"),
    (-1, "trộm xe máy ở hẻm {place} mấy đêm liền, mong công an phường tăng tuần tra"),
    (1, "camera an ninh lắp ở hẻm {place} xong là hết cảnh trộm vặt"),
    (0, "camera phạt nguội trên đường {street} đã hoạt động, đi đúng làn nhé"),
    (-1, "đèn đường hẻm {place} hư cả tuần, tối đi về rất sợ"),
    (1, "báo đèn đường hư qua ứng dụng, sáng hôm sau đã có người sửa"),
    # nhà ở, giá cả
    (-1, "giá thuê phòng trọ ở {place} lại tăng, công nhân như mình không theo nổi"),
    (0, "nhà ở xã hội ở {place} nhận hồ sơ từ tháng sau, ai cần thì chuẩn bị giấy tờ"),
    (1, "được duyệt mua nhà ở xã hội, chờ hai năm cuối cùng cũng có nhà"),
    (0, "đường sắt Thủ Thiêm – Long Thành đang lấy ý kiến, ai quan tâm góp ý nhé"),
]
OPENINGS = [
    "",
    "",
    "Mọi người ơi, ",
    "Cho mình hỏi chút, ",
    "Sáng nay ",
    "Chiều qua ",
    "Tối hôm qua ",
    "Nói thật là ",
    "Chia sẻ với cả nhà: ",
    "Cập nhật: ",
    "Hôm nay ",
    "Ghi nhận lúc {h}h: ",
    "Nhà mình ở đây 10 năm, ",
    "Góc phản ánh: ",
    "Dạo này ",
    "Như mọi người thấy, ",
    "Tin từ nhóm cư dân: ",
    "Vừa đi ngang thấy ",
]
REACTIONS = {
    -1: [
        "Bức xúc thật sự.",
        "Mong chính quyền sớm vào cuộc.",
        "Năm nào cũng vậy, chán lắm rồi.",
        "Đề nghị phường kiểm tra giúp.",
        "Ai có trách nhiệm xử lý giùm dân với.",
        "Phản ánh nhiều lần rồi mà không thấy thay đổi.",
        "Mệt mỏi quá.",
        "Dân khổ quá rồi 😡",
        "Không hiểu sao vẫn chưa giải quyết được.",
        "Tình trạng này kéo dài quá lâu.",
        "Thất vọng.",
        "Mong báo chí lên tiếng.",
    ],
    0: [
        "Ai biết chỉ giúp với.",
        "Mọi người lưu ý nhé.",
        "Cảm ơn cả nhà.",
        "Có ai rõ thông tin không?",
        "Thông tin để mọi người nắm.",
        "Chia sẻ để bà con biết.",
        "Chờ xem thế nào.",
        "Mình ghi lại để ai cần thì biết.",
        "Ai ở gần đó cập nhật thêm nhé.",
        "Hỏi thêm: có mất phí không?",
    ],
    1: [
        "Rất hài lòng.",
        "Cảm ơn phường, làm tốt lắm.",
        "Phải khen thật lòng.",
        "Tiện quá trời 👍",
        "Mong các nơi khác cũng làm tốt như vậy.",
        "Thành phố làm tốt lắm.",
        "Bà con ai cũng mừng.",
        "Tuyệt vời.",
        "Rất vui, cảm ơn thành phố.",
        "Cảm giác sống ở đây dễ chịu hơn nhiều.",
    ],
}
# A second sentence some posts add, of the same mood.
DETAILS = {
    -1: [
        "Đã gọi đường dây nóng mà chưa ai nghe máy.",
        "Hình chụp lúc {h}h, ai ở gần {place} xác nhận giúp.",
        "Tuần trước đã phản ánh qua ứng dụng của phường rồi.",
        "Người già và trẻ nhỏ là khổ nhất.",
        "Bên {place} cũng y như vậy.",
        "Tháng này là lần thứ {n} rồi.",
        "Đi làm về tới nhà mất thêm cả tiếng.",
        "Buôn bán ế ẩm cả tuần nay.",
    ],
    0: [
        "Mình ở {place}, ai cùng khu thì trao đổi thêm.",
        "Đã hỏi tổng đài nhưng chưa rõ lắm.",
        "Thấy thông báo dán ở nhà văn hóa khu phố.",
        "Đọc trên trang của phường thấy ghi vậy.",
        "Tuần sau mình đi làm thủ tục sẽ cập nhật.",
        "Nhà có người lớn tuổi nên hỏi trước cho chắc.",
    ],
    1: [
        "Mới tuần trước còn phản ánh, nay đã xong.",
        "Gia đình mình ở {place} thấy rõ sự thay đổi.",
        "Con nít trong xóm cũng thích.",
        "Đi làm về không còn lo như trước.",
        "Hy vọng duy trì được lâu dài.",
        "Lần đầu thấy làm nhanh như vậy.",
    ],
}
# Social-media spelling: what people type, as the pipeline's normaliser spells it out again.
TEENCODE = [
    ("không", "ko"),
    ("được", "dc"),
    ("mọi người", "mn"),
    ("người", "ng"),
    ("với", "vs"),
    ("cũng", "cx"),
    ("quá", "wá"),
    ("vậy", "z"),
    ("luôn", "lun"),
    ("gì", "j"),
    ("biết", "bít"),
    ("thành phố", "tp"),
]
# Stories the press carries, each copied by several sites with a credit line: near-copies the
# pipeline counts as one story with the reach of all.
STORIES = [
    "Metro số 1 Bến Thành – Suối Tiên đã chở hơn 10 triệu lượt khách kể từ ngày vận hành "
    "thương mại; vào giờ cao điểm tàu chạy 8 phút một chuyến.",
    "Đoạn Vành đai 3 qua TP Thủ Đức thông xe kỹ thuật, rút ngắn thời gian đi từ cầu Nhơn Trạch "
    "về nút giao Tân Vạn còn khoảng 15 phút.",
    "Giá bán lẻ điện bình quân được điều chỉnh tăng 4,8%, các hộ dùng nhiều điện trong mùa nắng "
    "nóng sẽ thấy hóa đơn tăng rõ nhất.",
    "Học sinh các trường công lập từ mầm non đến trung học phổ thông được miễn học phí từ năm "
    "học 2025 – 2026; học sinh trường tư thục được hỗ trợ bằng mức học phí của trường công.",
    "Từ ngày 1/7/2025, Thành phố Hồ Chí Minh mới có 168 đơn vị hành chính cấp xã gồm 113 "
    "phường, 54 xã và đặc khu Côn Đảo; người dân không bắt buộc đổi giấy tờ đã cấp.",
    "Đài khí tượng thủy văn cảnh báo triều cường đạt đỉnh 1,75 m tại trạm Phú An, các khu vực "
    "ven sông Sài Gòn và vùng trũng thấp có nguy cơ ngập sâu.",
    "Thành phố thí điểm cấp giấy phép xây dựng nhà ở riêng lẻ trực tuyến toàn trình, người dân "
    "nộp hồ sơ và nhận giấy phép điện tử mà không phải đến cơ quan nhà nước.",
    "Từ đầu năm sau, hộ gia đình phải phân loại rác thành rác thực phẩm, rác tái chế và rác "
    "khác; rác không phân loại có thể bị từ chối thu gom.",
    "Nhà ga T3 sân bay Tân Sơn Nhất đón hơn 40.000 lượt khách mỗi ngày, lực lượng chức năng "
    "tăng cường phân luồng trên đường Trần Quốc Hoàn và Cộng Hòa.",
    "Mưa lớn kèm gió mạnh làm gãy đổ hơn 30 cây xanh trên địa bàn Thành phố, công ty cây xanh "
    "huy động lực lượng dọn dẹp suốt đêm.",
    "Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình của Thành phố đạt hơn 80%, nhiều thủ tục "
    "hộ tịch được giải quyết trong ngày.",
    "Thành phố mở thêm năm tuyến xe buýt điện kết nối các ga Metro số 1 với khu dân cư ở "
    "TP Thủ Đức và Bình Dương cũ.",
    "Hơn 2.500 căn nhà ở xã hội được mở bán trong năm, ưu tiên công nhân, người lao động "
    "thu nhập thấp chưa có nhà ở.",
]
CREDITS = ["Tuổi Trẻ: ", "(NLĐO) - ", "PLO - ", "Theo VnExpress, ", "[SGGP] ", "Thanh Niên: "]
# The spike: residents in many places posting at once as a rain storm meets the high tide.
FLOOD = [
    "Nước lên nhanh quá, đường {street} ngập tới yên xe, nhiều xe chết máy phải dắt bộ",
    "Triều cường cộng mưa lớn, hẻm ở {place} ngập nửa mét, nước tràn vào nhà",
    "Kẹt xe kinh khủng vì ngập ở {street}, đi 2 cây số mất cả tiếng đồng hồ",
    "Học sinh ở {place} phải nghỉ học vì đường tới trường ngập sâu do triều cường",
    "Chống ngập mấy chục năm, tiền đổ vào nhiều mà {place} mưa là vẫn thành sông",
    "Cả khu {place} cúp điện vì ngập, mấy trạm biến áp phải ngắt để an toàn",
    "Xin hỏi đường nào từ {place} về trung tâm còn đi được, ngập hết rồi",
    "Nước ngập mà vẫn có xe tải chạy qua tạo sóng đánh vào nhà dân ở {street}",
    "Trạm bơm ở {place} không thấy chạy, nước đứng mấy tiếng chưa rút",
    "Đêm qua triều cường vượt báo động, bờ kè ở {place} bị tràn một đoạn dài",
    "Ngập từ chiều tới tối, người dân {place} phải kê đồ lên cao, bức xúc lắm",
    "Ngập nước khắp nơi, xe ôm công nghệ từ chối chở vào khu {place}",
]
SEED = 2025
SLOTS_PER_DAY = 5  # residents' posts a day at most (besides stories and the spike)
SEQUENCE = 1000  # posts in the fixed round; 200 days of five before it comes round again
STORY_EVERY = 15  # days


@dataclass(frozen=True)
class DemoPost:
    key: tuple  # (kind, day, rank): stable, for Item.make_key
    text: str
    published_at: datetime.datetime
    reactions: int


def _as_typed(text: str, style: str) -> str:
    """A post as typed: with diacritics, without (most of them), or in teencode, or both."""
    if style in ("teen", "teen-plain"):
        for word, short in TEENCODE:
            text = text.replace(word, short)
    if style in ("plain", "teen-plain"):
        text = fold(text)
    return text


@functools.cache
def _sequence() -> list[tuple[int, int, int, int | None, int, int, int, str]]:
    """The fixed round of residents' posts: each situation in turn (shuffled), and each time
    the next of its own shuffled reactions and details, so that no two posts are near-copies."""
    rng = random.Random(SEED)
    order = list(range(len(SITUATIONS)))
    rng.shuffle(order)
    reactions: dict[int, list[int]] = {}
    details: dict[int, list[int]] = {}

    def next_of(queues: dict, situation: int, size: int) -> int:
        if not queues.get(situation):
            queues[situation] = rng.sample(range(size), size)
        return queues[situation].pop()

    round_ = []
    for i in range(SEQUENCE):
        situation = order[i % len(order)]
        mood = SITUATIONS[situation][0]
        reaction = next_of(reactions, situation, len(REACTIONS[mood]))
        detail = next_of(details, situation, len(DETAILS[mood]))
        style = rng.choices(["vi", "plain", "teen", "teen-plain"], weights=[70, 15, 10, 5])[0]
        round_.append(
            (
                situation,
                rng.randrange(len(OPENINGS)),
                reaction,
                detail if rng.random() < 0.6 else None,
                rng.randrange(len(PLACES)),
                rng.randrange(len(STREETS)),
                rng.randrange(2, 10),
                style,
            )
        )
    return round_


def _fill(template: str, rng: random.Random, place: str, street: str, n: int) -> str:
    return template.format(place=place, street=street, n=n, h=rng.choice([5, 6, 7, 17, 18, 22]))


def _at(day: datetime.date, hour: int, minute: int, now: datetime.datetime) -> datetime.datetime:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return min(moment, now - datetime.timedelta(minutes=1 + minute % 7))  # none from the future


def residents_posts(day: datetime.date, now: datetime.datetime) -> list[DemoPost]:
    """The day's residents' posts: three to five, from the fixed round by the day's date."""
    count = 3 + day.toordinal() % 3
    posts = []
    for rank in range(count):
        position = (day.toordinal() * SLOTS_PER_DAY + rank) % SEQUENCE
        situation, opening, reaction, detail, place, street, n, style = _sequence()[position]
        rng = random.Random(position)
        mood, template = SITUATIONS[situation]
        fill = {"place": PLACES[place], "street": STREETS[street], "n": n}
        text = (
            _fill(OPENINGS[opening], rng, **fill)
            + _fill(template, rng, **fill)
            + ". "
            + ("" if detail is None else _fill(DETAILS[mood][detail], rng, **fill) + " ")
            + REACTIONS[mood][reaction]
        )
        text = text[0].upper() + text[1:]
        posts.append(
            DemoPost(
                key=("demo", day.isoformat(), rank),
                text=_as_typed(text, style),
                published_at=_at(day, 6 + (rank * 5 + position) % 17, position % 60, now),
                reactions=(position * 37) % 240 if mood else (position * 11) % 40,
            )
        )
    return posts


def story_posts(day: datetime.date, now: datetime.datetime) -> list[DemoPost]:
    """Every STORY_EVERY days, one of STORIES carried by three to five sites."""
    if day.toordinal() % STORY_EVERY:
        return []
    number = day.toordinal() // STORY_EVERY
    story = STORIES[number % len(STORIES)]
    copies = 3 + number % 3
    return [
        DemoPost(
            key=("demo-story", day.isoformat(), copy),
            text=CREDITS[(number + copy) % len(CREDITS)] + story,
            published_at=_at(day, 8 + 2 * copy, 10 * copy, now),
            reactions=120 + (number * 53 + copy * 31) % 900,
        )
        for copy in range(copies)
    ]


def flood_posts(day: datetime.date, count: int, now: datetime.datetime) -> list[DemoPost]:
    """`count` residents' posts about the flood, none repeating those of the two days before."""
    posts = []
    for rank in range(count):
        position = day.toordinal() * 4 + rank
        rng = random.Random(position)
        text = FLOOD[position % len(FLOOD)].format(
            place=PLACES[position * 7 % len(PLACES)], street=STREETS[position % len(STREETS)]
        )
        posts.append(
            DemoPost(
                key=("demo-flood", day.isoformat(), rank),
                text=_as_typed(text, "plain" if rng.random() < 0.25 else "vi"),
                published_at=_at(day, 14 + rank % 9, rng.randrange(60), now),
                reactions=40 + rng.randrange(400),
            )
        )
    return posts


def demo_posts(today: datetime.date, now: datetime.datetime, days: int, earlier_days: int):
    """Residents' posts every day for `days` days back from `today`, then every third day of the
    calendar back to `earlier_days`; the press's stories on their days throughout; the spike in the last
    three days."""
    posts = []
    for back in range(earlier_days):
        day = today - datetime.timedelta(days=back)
        if back < days or day.toordinal() % 3 == 0:  # the same days whenever loaded
            posts += residents_posts(day, now)
        posts += story_posts(day, now)
        if back < 3:
            posts += flood_posts(day, 4 - back, now)
    return posts
